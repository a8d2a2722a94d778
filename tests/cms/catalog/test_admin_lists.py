"""The admin's session and lecturer lists: search that works on SQLite and
PostgreSQL (it answered 500, "no such column: code"), the session filters, and
names and words (not usernames and True/False) in the lists of people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.catalog.models import Lecturer, SessionStatus
from portal.accounts.roles import EDITORS, ORGANIZERS
from portal.enrolment import services as enrolment_services
from portal.records import services as record_services
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _codes(response):
    assert response.status_code == 200
    return {row.code for row in response.context["object_list"]}


@pytest.fixture
def sessions(catalog):
    today = timezone.localdate()
    course = make_course(catalog, title="公文寫作實務班")
    other = make_course(catalog, title="政策溝通研習班")
    return {
        "today": make_session(course, code="B00492", start=today),
        "week": make_session(other, code="B00510", term=2, start=today + datetime.timedelta(4)),
        "later": make_session(other, code="C00001", start=today + datetime.timedelta(40)),
        "cancelled": make_session(
            course, code="B00493", start=today, status=SessionStatus.CANCELLED
        ),
    }  # fmt: skip


def test_session_and_lecturer_search_answer_instead_of_500(client, sessions):
    Lecturer.objects.create(name="林志明", title="國立政治大學教授")
    Lecturer.objects.create(name="陳美華")
    make_user("organizer", ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    url = reverse("wagtailsnippets_catalog_session:list")
    assert _codes(client.get(url, {"q": "B00"})) == {"B00492", "B00510", "B00493"}
    # A part of a Chinese title finds it (the search backend does not segment).
    assert _codes(client.get(url, {"q": "公文"})) == {"B00492", "B00493"}
    make_user("editor", EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.get(reverse("wagtailsnippets_catalog_lecturer:list"), {"q": "林"})
    assert response.status_code == 200
    assert [lecturer.name for lecturer in response.context["object_list"]] == ["林志明"]


def test_session_list_filters_by_running_term_and_status(client, sessions):
    make_user("organizer", ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    url = reverse("wagtailsnippets_catalog_session:list")
    assert _codes(client.get(url, {"running": "today"})) == {"B00492"}
    assert _codes(client.get(url, {"running": "week"})) == {"B00492", "B00510"}
    assert _codes(client.get(url, {"term": "2"})) == {"B00510"}
    assert _codes(client.get(url, {"status": "cancelled"})) == {"B00493"}
    assert _codes(client.get(url, {"running": "week", "q": "B005"})) == {"B00510"}


def test_enrolment_and_record_lists_show_names_and_words(client, catalog):
    session = make_session(make_course(catalog), code="N00001")
    trainee = make_person("wang_username", make_agencies()["edu"], name="王小明")
    enrolment = enrolment_services.enrolment_register(
        session=session, trainee=trainee.user
    )
    organizer = make_user("organizer", ORGANIZERS)
    record_services.record_update(
        enrolment=enrolment, actor=organizer, attendance="attended", hours=6,
        completed=True,
    )  # fmt: skip
    client.login(username="organizer", password=PASSWORD)
    for name in ("enrolments", "training_records"):
        html = client.get(reverse(f"{name}:index")).content.decode()
        # The first column (linked to the row) names the person.
        assert "王小明" in html and ">wang_username<" not in html, name
        assert "wang_username</a>" not in html, name
    html = client.get(reverse("training_records:index")).content.decode()
    assert ">True<" not in html and ("是" in html or "Yes" in html)
