import datetime

import pytest
from django.urls import reverse

from portal.enrolment import services as enrolment_services
from portal.recommendations.models import EditorPick, MandatoryRule
from portal.recommendations.selectors import audience_people
from portal.records import services as records_services
from portal.records.models import Attendance
from tests.factories.catalog import make_category, make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(catalog):
    agencies = make_agencies()
    return {
        "unit_clerk": make_person(
            "a", agencies["it_unit"], job_title="科員", grade="委任第五職等"
        ),
        "it_chief": make_person(
            "b", agencies["it"], job_title="科長", grade="薦任第九職等"
        ),
        "edu_clerk": make_person(
            "c", agencies["edu"], job_title="科員", grade="委任第五職等"
        ),
        "agencies": agencies,
    }


def _names(rule):
    return {p.user.username for p in audience_people(rule=rule)}


def test_an_empty_audience_is_everyone(catalog, people):
    pick = EditorPick.objects.create(course=make_course(catalog))
    assert _names(pick) == {"a", "b", "c"}


def test_agency_reaches_its_units_too(catalog, people):
    pick = EditorPick.objects.create(course=make_course(catalog))
    pick.agencies.set([people["agencies"]["it"]])
    pick.save()
    pick = EditorPick.objects.get(pk=pick.pk)
    assert _names(pick) == {"a", "b"}


def test_every_filled_criterion_must_hold(catalog, people):
    pick = EditorPick.objects.create(
        course=make_course(catalog), job_titles="科員\n技士\n"
    )
    assert _names(pick) == {"a", "c"}
    pick.agencies.set([people["agencies"]["edu"]])
    pick.save()
    assert _names(pick) == {"c"}
    pick.grades = "薦任第九職等"
    pick.save()
    assert _names(pick) == set()


def test_categories_taken_means_a_completed_course_of_that_category(catalog, people):
    it = make_category(name="資訊", slug="it")
    session = make_session(make_course(catalog, category=it))
    for person, attendance in (
        (people["unit_clerk"], Attendance.ATTENDED),
        (people["edu_clerk"], Attendance.ABSENT),
    ):
        enrolment = enrolment_services.enrolment_register(
            session=session, trainee=person.user
        )
        records_services.record_update(
            enrolment=enrolment, actor=None, attendance=attendance
        )
    rule = MandatoryRule.objects.create(name="進階資安")
    rule.categories_taken.set([it])
    rule.save()
    assert _names(MandatoryRule.objects.get(pk=rule.pk)) == {"a"}


def test_pick_is_current_only_in_its_period(catalog):
    today = datetime.date(2026, 11, 22)
    pick = EditorPick(
        course=make_course(catalog),
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )
    assert pick.is_current(on=today)
    assert not pick.is_current(on=today - datetime.timedelta(days=1))
    assert not pick.is_current(on=today + datetime.timedelta(days=31))


def test_editor_previews_who_a_pick_reaches(client, catalog, people):
    pick = EditorPick.objects.create(course=make_course(catalog), job_titles="科長")
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    url = reverse("wagtailsnippets_recommendations_editorpick:inspect", args=[pick.pk])
    html = client.get(url).content.decode()
    assert "1" in html and people["it_chief"].name in html
    assert people["edu_clerk"].name not in html


def test_editor_previews_who_a_mandatory_rule_reaches(client, catalog, people):
    rule = MandatoryRule.objects.create(name="資訊安全", grades="委任第五職等")
    make_user("editor", "Editors")
    client.login(username="editor", password=PASSWORD)
    url = reverse(
        "wagtailsnippets_recommendations_mandatoryrule:inspect", args=[rule.pk]
    )
    html = client.get(url).content.decode()
    assert people["unit_clerk"].name in html and people["edu_clerk"].name in html
    assert people["it_chief"].name not in html
