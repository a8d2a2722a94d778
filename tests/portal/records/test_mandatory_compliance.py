"""The HR office's mandatory-training compliance view, its Excel file and its API."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
from portal.recommendations.models import MandatoryRule
from portal.records import selectors
from tests.factories.catalog import make_course, make_session
from tests.factories.certificates import completed_record
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _on(year, month=3):
    return datetime.date(year, month, 10)


def _rule(name, courses, hours="3", **audience):
    agencies = audience.pop("agencies", [])
    rule = MandatoryRule(name=name, hours_per_year=Decimal(hours), **audience)
    rule.save()
    rule.courses.set(courses)
    rule.agencies.set(agencies)
    rule.save()
    return rule


@pytest.fixture
def world(catalog):
    """資訊局 (with 系統發展科) and 教育局; two rules; people who met them or not."""
    agencies = make_agencies()
    w = type("World", (), {})()
    w.agencies = agencies
    w.hr = make_person("hr_it", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    w.security = make_course(catalog, title="資訊安全基礎班", study_hours=Decimal("3"))
    w.gender = make_course(catalog, title="性別主流化研習班", study_hours=Decimal("2"))
    w.rule_security = _rule("資訊安全", [w.security], hours="3")
    w.rule_gender = _rule("性別主流化", [w.gender], hours="2")
    w.done = make_person("done", agencies["it"], name="甲完成")
    w.partly = make_person("partly", agencies["it_unit"], name="乙部分")
    w.none = make_person("none", agencies["it_unit"], name="丙未上")
    w.outsider = make_person("outsider", agencies["edu"], name="丁教育")
    security_now = make_session(w.security, start=_on(YEAR))
    gender_now = make_session(w.gender, start=_on(YEAR, 4))
    for person in (w.done, w.outsider):
        completed_record(security_now, person.user, agency=person.agency)
        completed_record(gender_now, person.user, agency=person.agency)
    # 乙: 1 of 3 security hours this year, and the full course last year (not counted).
    completed_record(
        security_now, w.partly.user, agency=w.partly.agency, hours=Decimal("1")
    )
    completed_record(
        make_session(w.security, start=_on(YEAR - 1)), w.partly.user,
        agency=w.partly.agency,
    )  # fmt: skip
    # 丙 attended the gender course but did not complete it: no hours count.
    completed_record(gender_now, w.none.user, agency=w.none.agency, completed=False)
    return w


def _lines(compliance):
    return sorted(
        (row.name, row.rule.name, row.done, row.met) for row in compliance.rows
    )


def test_hr_officer_sees_who_has_not_met_each_rule_in_their_agency_only(world):
    compliance = selectors.mandatory_compliance(viewer=world.hr.user, year=YEAR)
    hr = world.hr.name  # the HR officer is a member of their agency's staff too
    assert _lines(compliance) == sorted(
        [
            ("丙未上", "性別主流化", Decimal("0"), False),
            ("丙未上", "資訊安全", Decimal("0"), False),
            ("乙部分", "性別主流化", Decimal("0"), False),
            ("乙部分", "資訊安全", Decimal("1"), False),
            (hr, "性別主流化", Decimal("0"), False),
            (hr, "資訊安全", Decimal("0"), False),
        ]
    )
    names = {row.name for row in compliance.rows}
    assert "丁教育" not in names  # another agency
    assert "甲完成" not in names  # met both
    summary = {rule.name: (met, total) for rule, met, total in compliance.summary}
    # 甲, 乙, 丙 and the HR officer are in scope; only 甲 met either rule.
    assert summary == {"資訊安全": (1, 4), "性別主流化": (1, 4)}


def test_status_rule_unit_and_name_filters(world):
    def lines(**filters):
        return _lines(
            selectors.mandatory_compliance(viewer=world.hr.user, year=YEAR, **filters)
        )

    assert lines(status=selectors.MET) == [
        ("甲完成", "性別主流化", Decimal("2"), True),
        ("甲完成", "資訊安全", Decimal("3"), True),
    ]
    assert lines(rule=world.rule_security, agency=world.agencies["it_unit"]) == [
        ("丙未上", "資訊安全", Decimal("0"), False),
        ("乙部分", "資訊安全", Decimal("1"), False),
    ]
    assert lines(status=selectors.ANY, name="乙") == [
        ("乙部分", "性別主流化", Decimal("0"), False),
        ("乙部分", "資訊安全", Decimal("1"), False),
    ]
    # Last year 乙 did the full security course.
    last_year = selectors.mandatory_compliance(
        viewer=world.hr.user, year=YEAR - 1, status=selectors.MET
    )
    assert _lines(last_year) == [("乙部分", "資訊安全", Decimal("3"), True)]


def test_a_rule_reaches_only_its_audience(world, catalog):
    _rule("教育局專屬", [world.gender], agencies=[world.agencies["edu"]])
    _rule("科長必修", [world.gender], job_titles="科長")
    world.partly.job_title = "科長"
    world.partly.save()
    compliance = selectors.mandatory_compliance(
        viewer=world.hr.user, year=YEAR, status=selectors.ANY
    )
    rules = {(row.name, row.rule.name) for row in compliance.rows}
    assert not any(rule == "教育局專屬" for _name, rule in rules)
    assert {name for name, rule in rules if rule == "科長必修"} == {"乙部分"}
    staff = make_user("org", ORGANIZERS)
    everyone = selectors.mandatory_compliance(
        viewer=staff, year=YEAR, status=selectors.ANY
    )
    assert {row.name for row in everyone.rows if row.rule.name == "教育局專屬"} == {
        "丁教育"
    }


def test_the_page_shows_counts_rows_masked_ids_and_paginates(client, world):
    client.login(username="hr_it", password=PASSWORD)
    response = client.get(reverse("portal:agency_mandatory"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "丙未上" in html and "丁教育" not in html and "甲完成" not in html
    assert world.none.national_id_masked in html
    assert "*" in world.none.national_id_masked
    assert response.context["page_obj"].paginator.count == 6
    summary = {
        rule.name: (met, total)
        for rule, met, total in response.context["compliance"].summary
    }
    assert summary["資訊安全"] == (1, 4)
    # 60 more people without hours: two pages of 50.
    for n in range(60):
        make_person(f"extra{n}", world.agencies["it_unit"], name=f"戊{n:02d}")
    response = client.get(
        reverse("portal:agency_mandatory"), {"rule": world.rule_security.pk}
    )
    page = response.context["page_obj"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (
        63,
        2,
        50,
    )
    second = client.get(
        reverse("portal:agency_mandatory"), {"rule": world.rule_security.pk, "page": 2}
    ).context["page_obj"]
    assert len(second.object_list) == 13
    assert not {r.person_id for r in page.object_list} & {
        r.person_id for r in second.object_list
    }


def test_the_hours_page_links_to_the_compliance_view(client, world):
    client.login(username="hr_it", password=PASSWORD)
    html = client.get(reverse("portal:agency_hours")).content.decode()
    assert reverse("portal:agency_mandatory") in html


def test_a_trainee_cannot_open_the_compliance_view(client, world):
    client.login(username="partly", password=PASSWORD)
    assert client.get(reverse("portal:agency_mandatory")).status_code == 404


def test_excel_export_holds_the_same_filtered_rows(client, world):
    client.login(username="hr_it", password=PASSWORD)
    response = client.get(
        reverse("portal:agency_mandatory"),
        {"format": "xlsx", "agency": world.agencies["it_unit"].pk, "status": "all"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 9
    body = sorted((r[0], r[1], r[3], r[5], str(r[6]), str(r[7])) for r in rows[1:])
    masked = {p.name: p.national_id_masked for p in (world.partly, world.none)}
    assert body == sorted(
        [
            ("丙未上", masked["丙未上"], "系統發展科", "資訊安全", "0", "3"),
            ("丙未上", masked["丙未上"], "系統發展科", "性別主流化", "0", "2"),
            ("乙部分", masked["乙部分"], "系統發展科", "資訊安全", "1", "3"),
            ("乙部分", masked["乙部分"], "系統發展科", "性別主流化", "0", "2"),
        ]
    )
    assert all("*" in r[1] for r in rows[1:])


def test_the_view_costs_the_same_queries_for_more_people(client, world):
    client.login(username="hr_it", password=PASSWORD)

    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("portal:agency_mandatory"), query).status_code == 200
            )
        return len(captured)

    queries()
    few = queries()
    for n in range(30):
        person = make_person(f"many{n}", world.agencies["it_unit"], name=f"己{n:02d}")
        if n % 3 == 0:
            completed_record(
                make_session(world.security, start=_on(YEAR, 5)), person.user,
                agency=person.agency,
            )  # fmt: skip
    assert queries() == few
    # One rule: its summary only (and the form's look-up of the rule).
    assert queries(rule=world.rule_gender.pk) <= few


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_lists_the_compliance_lines_with_summary_and_filters(world):
    api = _api(world.hr.user)
    body = api.get("/api/v1/agency/mandatory-training/").json()
    assert body["count"] == 6 and body["year"] == YEAR
    assert {(s["rule_name"], s["met"], s["total"]) for s in body["summary"]} == {
        ("資訊安全", 1, 4),
        ("性別主流化", 1, 4),
    }
    names = {line["name"] for line in body["results"]}
    assert "丁教育" not in names and "甲完成" not in names
    line = next(
        x
        for x in body["results"]
        if x["name"] == "乙部分" and x["rule_name"] == "資訊安全"
    )
    assert (line["hours_done"], line["hours_required"], line["met"]) == (
        "1.0",
        "3.0",
        False,
    )
    assert "*" in line["national_id_masked"]
    body = api.get(
        "/api/v1/agency/mandatory-training/",
        {"status": "met", "rule": world.rule_gender.pk, "limit": 1},
    ).json()
    assert [(x["name"], x["hours_done"]) for x in body["results"]] == [
        ("甲完成", "2.0")
    ]
    # An agency outside the HR officer's scope is refused, not silently ignored.
    response = api.get(
        "/api/v1/agency/mandatory-training/", {"agency": world.agencies["edu"].pk}
    )
    assert response.status_code == 400
    assert "agency" in response.json()["error"]["fields"]
    assert (
        api.get("/api/v1/agency/mandatory-training/", {"rule": 999999}).status_code
        == 400
    )


def test_api_excel_export_and_trainee_refusal(world):
    response = _api(world.hr.user).get(
        "/api/v1/agency/mandatory-training/export/", {"status": "met"}
    )
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert sorted(r[0] for r in rows[1:]) == ["甲完成", "甲完成"]
    trainee = _api(world.partly.user)
    assert trainee.get("/api/v1/agency/mandatory-training/").status_code in (403, 404)
    assert trainee.get("/api/v1/agency/mandatory-training/export/").status_code in (
        403,
        404,
    )


def test_api_gives_the_trainee_their_hours_lines_and_mandatory_progress(world):
    body = _api(world.partly.user).get("/api/v1/me/hours/").json()
    assert body["year"] == YEAR
    assert [(x["course_title"], x["hours"], x["completed"]) for x in body["lines"]] == [
        ("資訊安全基礎班", "1.0", True)
    ]
    progress = {m["name"]: m for m in body["mandatory"]}
    assert (progress["資訊安全"]["hours_done"], progress["資訊安全"]["met"]) == (
        "1.0",
        False,
    )
    assert progress["資訊安全"]["percent"] == 33
    assert progress["資訊安全"]["courses"] == [
        {"id": world.security.pk, "title": "資訊安全基礎班"}
    ]
    assert [y["year"] for y in body["by_year"]][-5:] == list(range(YEAR - 4, YEAR + 1))
    by_year = {y["year"]: y["hours"] for y in body["by_year"]}
    assert by_year[YEAR - 1] == "3.0"
    last_year = _api(world.partly.user).get("/api/v1/me/hours/", {"year": YEAR - 1})
    assert {m["name"]: m["met"] for m in last_year.json()["mandatory"]}["資訊安全"]
    assert (
        _api(world.partly.user).get("/api/v1/me/hours/", {"year": 1}).status_code == 400
    )
