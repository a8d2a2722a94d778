"""The trainee's study hours page: the year's lines, mandatory progress and the chart."""

import base64
import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.catalog.models import DeliveryMode, SessionStatus
from portal.accounts.roles import ORGANIZERS
from portal.certificates import services as certificate_services
from portal.recommendations.models import MandatoryRule
from portal.records import selectors
from tests.factories.catalog import make_category, make_course, make_session
from tests.factories.certificates import completed_record, default_templates
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1  # its sessions are over, whatever today's date


def _on(year, month=3, day=10):
    return datetime.date(year, month, day)


@pytest.fixture
def agencies():
    return make_agencies()


@pytest.fixture
def trainee(agencies):
    return make_person(
        "trainee", agencies["it_unit"], name="王小明", grade="薦任第七職等"
    )


def _rule(name, courses, hours="3", **audience):
    agencies = audience.pop("agencies", [])
    rule = MandatoryRule(name=name, hours_per_year=Decimal(hours), **audience)
    rule.save()
    rule.courses.set(courses)
    rule.agencies.set(agencies)
    rule.save()
    return rule


def _page(client, username="trainee", **query):
    client.login(username=username, password=PASSWORD)
    response = client.get(reverse("portal:my_hours"), query)
    assert response.status_code == 200
    return response


def test_the_year_lists_each_course_with_session_hours_grade_band_and_certificate(
    client, catalog, trainee
):
    default_templates()
    classroom = make_course(catalog, title="公文寫作班", study_hours=Decimal("6"))
    online = make_course(
        catalog, title="線上資安課", study_hours=Decimal("2"),
        delivery_mode=DeliveryMode.ONLINE,
        elearning_url="https://elearning.example.gov.tw/1",
    )  # fmt: skip
    first = make_session(classroom, start=_on(LAST_YEAR, 2, 3), days=2, code="H00001")
    second = make_session(online, start=_on(LAST_YEAR, 5, 1), code="H00002")
    older = make_session(classroom, start=_on(LAST_YEAR - 1), code="H00003", term=2)
    record = completed_record(first, trainee.user, agency=trainee.agency)
    record.grade_band = "優"
    record.save(update_fields=["grade_band"])
    completed_record(second, trainee.user, agency=trainee.agency, completed=False)
    completed_record(older, trainee.user, agency=trainee.agency)
    certificate = certificate_services.certificate_issue(
        record=record, language="zh-hant", actor=trainee.user
    )

    response = _page(client, year=LAST_YEAR)
    overview = response.context["overview"]
    assert overview.year == LAST_YEAR
    assert [r.session.code for r in overview.records] == ["H00001", "H00002"]
    assert (overview.hours, overview.sessions_completed) == (Decimal("6"), 1)
    modes = dict(overview.by_mode)
    assert modes[str(DeliveryMode.CLASSROOM.label)] == Decimal("6")
    assert modes[str(DeliveryMode.ONLINE.label)] == Decimal("0")
    html = response.content.decode()
    assert "公文寫作班" in html and "線上資安課" in html
    assert f"{LAST_YEAR}-02-03 – {LAST_YEAR}-02-04" in html
    assert "優" in html
    assert reverse("certificates:pdf", args=[certificate.pk]) in html
    # The year selector offers this year and the years with hours.
    assert response.context["form"].fields["year"].choices == [
        (y, str(y)) for y in (THIS_YEAR, LAST_YEAR, LAST_YEAR - 1)
    ]
    # Another year shows its own lines only.
    response = _page(client, year=LAST_YEAR - 1)
    assert [r.session.code for r in response.context["overview"].records] == ["H00003"]
    assert reverse("certificates:pdf", args=[certificate.pk]) not in (
        response.content.decode()
    )


def test_a_revoked_certificate_is_not_linked(client, catalog, trainee):
    default_templates()
    session = make_session(make_course(catalog), start=_on(LAST_YEAR, 1, 20))
    record = completed_record(session, trainee.user, agency=trainee.agency)
    certificate = certificate_services.certificate_issue(
        record=record, language="zh-hant", actor=trainee.user
    )
    certificate_services.certificate_revoke(
        certificate=certificate, actor=make_user("org", ORGANIZERS), reason="誤發"
    )
    html = _page(client, year=LAST_YEAR).content.decode()
    assert reverse("certificates:pdf", args=[certificate.pk]) not in html


def test_mandatory_hours_count_completed_records_of_satisfying_courses_that_year(
    catalog, trainee
):
    security = make_course(catalog, title="資訊安全基礎班", study_hours=Decimal("3"))
    security_online = make_course(catalog, title="資安線上課", study_hours=Decimal("1"))
    other = make_course(catalog, title="簡報技巧班", study_hours=Decimal("6"))
    rule = _rule("資訊安全", [security, security_online], hours="3")
    user = trainee.user
    # Counted: completed, satisfying course, this calendar year (2 of 3 hours).
    completed_record(
        make_session(security, start=_on(THIS_YEAR, 1, 5)), user, hours=Decimal("2")
    )
    # Not counted: last year; not completed; another course.
    completed_record(make_session(security_online, start=_on(THIS_YEAR - 1)), user)
    completed_record(
        make_session(security_online, start=_on(THIS_YEAR, 4)), user, completed=False
    )
    completed_record(make_session(other, start=_on(THIS_YEAR, 6)), user)

    (progress,) = selectors.my_hours_overview(viewer=user).mandatory
    assert progress.rule == rule
    assert (progress.done, progress.required) == (Decimal("2"), Decimal("3"))
    assert (progress.met, progress.remaining, progress.percent) == (
        False,
        Decimal("1"),
        66,
    )
    assert [r.session.course_id for r in progress.records] == [security.pk]

    completed_record(make_session(security_online, start=_on(THIS_YEAR, 9)), user)
    (progress,) = selectors.my_hours_overview(viewer=user).mandatory
    assert (progress.done, progress.met, progress.percent) == (Decimal("3"), True, 100)
    # Last year the rule was not met: the one-hour course of that year counts alone.
    (last_year,) = selectors.my_hours_overview(
        viewer=user, year=THIS_YEAR - 1
    ).mandatory
    assert (last_year.done, last_year.met) == (Decimal("1"), False)


def test_only_rules_whose_audience_holds_the_trainee_are_shown(
    client, catalog, agencies, trainee
):
    course = make_course(catalog)
    _rule("資訊安全", [course])  # everyone
    _rule("資訊局專屬", [course], agencies=[agencies["it"]])  # the trainee's bureau
    _rule("教育局專屬", [course], agencies=[agencies["edu"]])
    _rule("薦任必修", [course], grades="薦任第七職等\n薦任第八職等")
    _rule("主管必修", [course], job_titles="科長")
    category = make_category()
    advanced = _rule("進階資安", [course])
    advanced.categories_taken.set([category])
    advanced.save()

    names = [
        p.rule.name for p in selectors.my_hours_overview(viewer=trainee.user).mandatory
    ]
    assert names == ["薦任必修", "資訊安全", "資訊局專屬"]
    # Having completed a course of the category brings the trainee into its audience.
    completed_record(
        make_session(make_course(catalog, category=category), start=_on(THIS_YEAR)),
        trainee.user,
    )
    names = {
        p.rule.name for p in selectors.my_hours_overview(viewer=trainee.user).mandatory
    }
    assert "進階資安" in names
    html = _page(client).content.decode()
    assert "教育局專屬" not in html and "主管必修" not in html


def test_an_unmet_rule_links_to_the_next_open_session_of_a_satisfying_course(
    client, catalog, trainee
):
    course = make_course(catalog, title="資訊安全基礎班", study_hours=Decimal("3"))
    _rule("資訊安全", [course])
    today = timezone.localdate()
    make_session(
        course, start=today + datetime.timedelta(days=10), code="N00001",
        status=SessionStatus.CANCELLED,
    )  # fmt: skip
    later = make_session(
        course, start=today + datetime.timedelta(days=40), code="N00003"
    )
    sooner = make_session(
        course, start=today + datetime.timedelta(days=20), code="N00002"
    )
    response = _page(client)
    (progress,) = response.context["overview"].mandatory
    assert progress.next_session == sooner != later
    html = response.content.decode()
    assert f"#session-{sooner.pk}" in html
    assert (
        f'aria-labelledby="rule-{progress.rule.pk} rule-{progress.rule.pk}-text"'
        in html
    )
    assert re.search(r'<progress[^>]*value="0"', html)


def test_the_chart_and_its_table_give_the_same_hours_of_at_least_five_years(
    client, catalog, trainee
):
    course = make_course(catalog, study_hours=Decimal("6"))
    completed_record(make_session(course, start=_on(THIS_YEAR - 2)), trainee.user)
    completed_record(make_session(course, start=_on(THIS_YEAR)), trainee.user)
    response = _page(client)
    rows = response.context["overview"].chart_years
    assert [year for year, _h, _n in rows] == list(range(THIS_YEAR - 4, THIS_YEAR + 1))
    assert {y: h for y, h, _n in rows}[THIS_YEAR - 2] == Decimal("6")
    html = response.content.decode()
    match = re.search(
        r'<img src="data:image/svg\+xml;base64,([^"]+)"[^>]*alt="([^"]+)"', html
    )
    assert match and match.group(2)
    svg = base64.b64decode(match.group(1)).decode()
    assert "<script" not in svg
    for year in range(THIS_YEAR - 4, THIS_YEAR + 1):
        assert f">{year}<" in svg  # an axis label
        assert f'<a href="?year={year}"' in html  # the table's row
    table = html[html.index('id="years-heading"') :]
    cells = '<td class="num">6</td><td class="num">1</td>'
    assert f"{THIS_YEAR - 2}</a></th>{cells}" in table


def test_a_trainee_sees_only_their_own_hours(client, catalog, agencies, trainee):
    other = make_person("other", agencies["it_unit"], name="李同仁")
    course = make_course(catalog, title="只有他上過的課")
    completed_record(make_session(course, start=_on(THIS_YEAR)), other.user)
    html = _page(client).content.decode()
    assert "只有他上過的課" not in html


def test_the_page_costs_the_same_queries_whatever_the_history(client, catalog, trainee):
    course = make_course(catalog, study_hours=Decimal("3"))
    _rule("資訊安全", [course])
    make_session(course)  # an open session to link to
    default_templates()

    def queries():
        client.login(username="trainee", password=PASSWORD)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("portal:my_hours"), {"year": LAST_YEAR})
            assert response.status_code == 200
        return len(captured)

    completed_record(make_session(course, start=_on(LAST_YEAR, 1, 2)), trainee.user)
    queries()  # caches filled (site root paths, translations)
    few = queries()
    for n in range(8):
        record = completed_record(
            make_session(make_course(catalog), start=_on(LAST_YEAR - n % 6, 2, 1 + n)),
            trainee.user,
        )
        certificate_services.certificate_issue(
            record=record, language="zh-hant", actor=trainee.user
        )
    assert queries() == few
    assert few <= 18


def test_an_account_without_a_profile_sees_an_empty_page(client, db, site_tree):
    make_user("loner")
    response = _page(client, username="loner")
    assert response.context["overview"].mandatory == []
    assert response.context["overview"].records == []


def test_a_year_that_is_not_a_number_shows_this_year(client, catalog, trainee):
    response = _page(client, year="abc")
    assert response.context["overview"].year == THIS_YEAR
