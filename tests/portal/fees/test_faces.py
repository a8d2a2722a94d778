"""The lecturer's fee pages and the organizer's admin screens."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from portal.fees import services
from portal.fees.models import StatementStatus
from portal.lecturers.models import LecturerCategory as C
from tests.factories.fees import add_entry, make_profile

MON = datetime.date(2024, 3, 4)


@pytest.fixture
def statement(fee_session, organizer, lecturer_user):
    profile = make_profile("甲", C.OUTSIDE, user=lecturer_user)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")
    return services.statement_compute(
        session=fee_session, profile=profile, actor=organizer
    )


def test_lecturer_pages_list_confirm_and_dispute(client, statement, lecturer_user):
    client.force_login(lecturer_user)
    assert client.get(reverse("fees:list")).status_code == 200
    assert client.get(reverse("fees:detail", args=[statement.pk])).status_code == 200
    response = client.post(reverse("fees:confirm", args=[statement.pk]), {})
    assert response.status_code == 400
    assert (
        response.context["confirm_form"].errors.as_data()["personal_account"][0].code
        == "consent_required"
    )
    response = client.post(
        reverse("fees:confirm", args=[statement.pk]), {"personal_account": "on"}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CONFIRMED


def test_dispute_on_the_site(client, statement, lecturer_user):
    client.force_login(lecturer_user)
    line = statement.lines.first()
    response = client.post(
        reverse("fees:dispute", args=[statement.pk]),
        {"line": line.pk, "comment": "節數有誤"},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DISPUTED


def test_other_lecturer_gets_404(client, statement, other_lecturer_user):
    make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    client.force_login(other_lecturer_user)
    assert client.get(reverse("fees:detail", args=[statement.pk])).status_code == 404
    response = client.post(
        reverse("fees:confirm", args=[statement.pk]), {"personal_account": "on"}
    )
    assert response.status_code == 404


def test_trainee_cannot_open_fee_pages(client, statement):
    from tests.factories.users import make_user

    client.force_login(make_user("trainee_f", "Trainees"))
    assert client.get(reverse("fees:list")).status_code == 403


def test_admin_register_statement_and_export(
    client, statement, organizer, lecturer_user
):
    client.force_login(organizer)
    url = reverse("fees_register") + "?month=2024-03"
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["statements"]) == [statement]
    response = client.get(reverse("fees_statement", args=[statement.pk]))
    assert response.status_code == 200
    line = statement.lines.first()
    client.post(
        reverse("fees_statement", args=[statement.pk]),
        {"action": "adjust", "line": line.pk, "amount": 3000, "reason": "實際時數"},
    )
    line.refresh_from_db()
    assert line.amount == 3000 and line.adjustments.count() == 1
    response = client.get(reverse("fees_register_export") + "?month=2024-03")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == statement.session.code
    assert rows[1][5] == 3000
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    response = client.post(
        reverse("fees_register_pay"), {"month": "2024-03", "paid_on": "2024-04-02"}
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("fee_rates:index")).status_code == 200
    assert client.get(reverse("fee_settings:index")).status_code == 200


def test_admin_compute_from_register(client, fee_session, organizer):
    profile = make_profile("丙", C.INTERNAL)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "09:50")
    client.force_login(organizer)
    client.post(
        reverse("fees_register_compute"),
        {"month": "2024-03", "session": [fee_session.pk]},
    )
    assert profile.fee_statements.get().taxable_total == 1000


def test_lecturer_cannot_open_the_register(client, statement, lecturer_user):
    client.force_login(lecturer_user)
    response = client.get(reverse("fees_register"))
    assert response.status_code in (302, 403)


def test_a_lecturer_who_also_organizes_sees_only_their_own_fees(
    client, statement, other_lecturer_user
):
    from django.contrib.auth.models import Group

    from portal.accounts import roles

    other_lecturer_user.groups.add(Group.objects.get(name=roles.ORGANIZERS))
    make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    client.force_login(other_lecturer_user)
    page = client.get(reverse("fees:list"))
    assert page.status_code == 200
    assert statement not in page.context["to_confirm"]
    assert client.get(reverse("fees:detail", args=[statement.pk])).status_code == 404
    api = client.get("/api/v1/me/fee-statements/")
    assert api.status_code == 200 and api.json()["count"] == 0
