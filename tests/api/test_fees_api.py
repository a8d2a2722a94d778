"""The fee API: a lecturer's own statements, confirm/dispute, payments; staff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from portal.accounts import roles
from portal.fees import services
from portal.fees.models import StatementStatus
from portal.lecturers.models import LecturerCategory as C
from tests.factories.catalog import make_course, make_session
from tests.factories.fees import add_entry, make_profile
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
MON = datetime.date(2024, 3, 4)


@pytest.fixture
def organizer(db):
    return make_user("org_fees", roles.ORGANIZERS)


@pytest.fixture
def fee_session(site_tree):
    course = make_course(site_tree[1], title="公文寫作")
    return make_session(course, start=datetime.date(2024, 3, 4), days=5)


@pytest.fixture
def lecturer_user(db):
    return make_user("lect_fees", roles.LECTURERS)


@pytest.fixture
def other_lecturer_user(db):
    return make_user("lect_fees2", roles.LECTURERS)


@pytest.fixture
def statement(fee_session, organizer, lecturer_user):
    profile = make_profile("甲", C.OUTSIDE, user=lecturer_user)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")
    return services.statement_compute(
        session=fee_session, profile=profile, actor=organizer
    )


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_lecturer_lists_confirms_and_sees_payment(statement, lecturer_user, organizer):
    api = _api(lecturer_user)
    data = api.get("/api/v1/me/fee-statements/").json()
    assert [row["id"] for row in data["results"]] == [statement.pk]
    assert data["results"][0]["net_total"] == 4000
    response = api.post(
        f"/api/v1/me/fee-statements/{statement.pk}/confirm/",
        {"personal_account": False},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/me/fee-statements/{statement.pk}/confirm/",
        {"personal_account": True},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    services.statement_mark_paid(
        statement=statement, actor=organizer, paid_on=datetime.date(2024, 4, 1)
    )
    payments = api.get("/api/v1/me/payments/").json()["results"]
    assert payments[0]["paid_on"] == "2024-04-01"


def test_dispute_a_line(statement, lecturer_user):
    line = statement.lines.first()
    response = _api(lecturer_user).post(
        f"/api/v1/me/fee-statements/{statement.pk}/dispute/",
        {"line": line.pk, "comment": "時數不對"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == StatementStatus.DISPUTED


def test_other_lecturer_sees_nothing(statement, other_lecturer_user):
    make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    api = _api(other_lecturer_user)
    assert api.get("/api/v1/me/fee-statements/").json()["results"] == []
    assert api.get(f"/api/v1/me/fee-statements/{statement.pk}/").status_code == 404
    response = api.post(
        f"/api/v1/me/fee-statements/{statement.pk}/confirm/",
        {"personal_account": True},
        format="json",
    )
    assert response.status_code == 404


def test_staff_endpoints_for_organizers_only(statement, organizer, lecturer_user):
    api = _api(organizer)
    rates = api.get("/api/v1/fee-rates/").json()["results"]
    assert {r["amount"] for r in rates} >= {2000, 1500, 1000, 1600, 1200, 800}
    rows = api.get("/api/v1/fee-statements/?month=2024-03").json()["results"]
    assert [r["id"] for r in rows] == [statement.pk]
    assert api.get("/api/v1/fee-statements/?month=bad").status_code == 400
    assert _api(lecturer_user).get("/api/v1/fee-rates/").status_code == 403
    assert _api(lecturer_user).get("/api/v1/fee-statements/").status_code == 403


# Staff: one statement and line adjustments ------------------------------------------


def _adjust(api, statement, line, body):
    return api.post(
        f"/api/v1/fee-statements/{statement.pk}/lines/{line.pk}/adjust/",
        body,
        format="json",
    )


def test_organizer_sees_a_statement_with_lines_totals_and_history(
    statement, organizer, lecturer_user
):
    line = statement.lines.first()
    services.statement_dispute(
        statement=statement, user=lecturer_user, line=line, comment="時數不對"
    )
    body = _api(organizer).get(f"/api/v1/fee-statements/{statement.pk}/").json()
    assert body["status"] == "disputed" and body["net_total"] == 4000
    assert [li["id"] for li in body["lines"]] == [line.pk]
    dispute = body["history"][-1]
    assert dispute["to_status"] == "disputed" and dispute["note"] == "時數不對"
    assert dispute["line"] == line.pk and dispute["actor"]
    assert body["adjustments"] == []


def test_organizer_adjusts_a_disputed_line_with_a_reason(
    statement, organizer, lecturer_user
):
    line = statement.lines.first()
    services.statement_dispute(
        statement=statement, user=lecturer_user, line=line, comment="時數不對"
    )
    response = _adjust(
        _api(organizer), statement, line, {"amount": 3000, "reason": "更正"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == StatementStatus.PENDING  # back to the lecturer
    assert body["lines"][0]["amount"] == 3000 and body["lines"][0]["adjusted"]
    assert body["taxable_total"] == 3000 and body["net_total"] == 3000
    adjustment = body["adjustments"][0]
    assert (adjustment["old_amount"], adjustment["new_amount"]) == (4000, 3000)
    assert adjustment["reason"] == "更正" and adjustment["actor"]
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING and statement.net_total == 3000


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_adjustment_without_a_reason_is_refused_clearly(statement, organizer, reason):
    line = statement.lines.first()
    body = {"amount": 3000} if reason is None else {"amount": 3000, "reason": reason}
    response = _adjust(_api(organizer), statement, line, body)
    assert response.status_code == 400
    error = response.json()["error"]
    with pytest.raises(ValidationError) as refused:  # the service's own words
        services.statement_line_adjust(
            line=line, actor=organizer, amount=3000, reason=""
        )
    assert error["fields"]["reason"] == refused.value.message_dict["reason"]
    line.refresh_from_db()
    assert line.amount == 4000 and not line.adjusted


def test_confirmed_or_paid_statements_refuse_adjustment(
    statement, organizer, lecturer_user
):
    line = statement.lines.first()
    api = _api(organizer)
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    assert (
        _adjust(api, statement, line, {"amount": 1, "reason": "x"}).status_code == 400
    )
    services.statement_mark_paid(
        statement=statement, actor=organizer, paid_on=datetime.date(2024, 4, 1)
    )
    response = _adjust(api, statement, line, {"amount": 1, "reason": "x"})
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.amount == 4000


def test_only_organizers_adjust_and_only_lines_of_the_statement(
    statement, organizer, lecturer_user, fee_session
):
    line = statement.lines.first()
    editor = make_user("editor_fees", roles.EDITORS)
    for user in (lecturer_user, editor):
        api = _api(user)
        assert api.get(f"/api/v1/fee-statements/{statement.pk}/").status_code == 403
        response = _adjust(api, statement, line, {"amount": 1, "reason": "x"})
        assert response.status_code == 403
    other = make_profile("乙", C.OUTSIDE)
    add_entry(fee_session, other.lecturer, MON, "13:00", "14:30")
    foreign = services.statement_compute(
        session=fee_session, profile=other, actor=organizer
    ).lines.first()
    response = _adjust(
        _api(organizer), statement, foreign, {"amount": 1, "reason": "x"}
    )
    assert response.status_code == 404
    line.refresh_from_db()
    assert line.amount == 4000
