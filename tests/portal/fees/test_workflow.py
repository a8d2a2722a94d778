"""Adjustments audited and kept on recompute; confirm, dispute, batch, payment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.fees import selectors, services
from portal.fees.models import FeeAdjustment, LineKind, StatementStatus
from portal.lecturers.models import LecturerCategory as C
from portal.notifications.models import OutgoingEmail
from tests.factories.fees import add_entry, make_profile

MON = datetime.date(2024, 3, 4)


@pytest.fixture
def statement(fee_session, organizer, lecturer_user):
    profile = make_profile("甲", C.OUTSIDE, user=lecturer_user)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")
    add_entry(fee_session, profile.lecturer, MON, "13:00", "13:50")
    return services.statement_compute(
        session=fee_session, profile=profile, actor=organizer
    )


def _teaching(statement):
    return list(statement.lines.filter(kind=LineKind.TEACHING).order_by("key"))


def test_adjustment_needs_a_reason(statement, organizer):
    line = _teaching(statement)[0]
    with pytest.raises(ValidationError) as error:
        services.statement_line_adjust(line=line, actor=organizer, amount=1, reason=" ")
    assert error.value.error_dict["reason"][0].code == "reason_required"


def test_adjustment_is_audited_and_kept_on_recompute(statement, organizer, fee_session):
    line = _teaching(statement)[0]
    services.statement_line_adjust(
        line=line, actor=organizer, amount=3500, reason="實際授課 80 分鐘"
    )
    services.statement_line_add(
        statement=statement,
        actor=organizer,
        kind=LineKind.MATERIALS,
        amount=1000,
        reason="講義",
    )
    adjustment = FeeAdjustment.objects.get(line=line)
    assert (adjustment.old_amount, adjustment.new_amount) == (4000, 3500)
    assert adjustment.actor == organizer and adjustment.at is not None
    # a timetable change, then a recomputation
    add_entry(fee_session, statement.lecturer.lecturer, MON, "15:00", "15:50")
    statement = services.statement_compute(
        session=fee_session, profile=statement.lecturer, actor=organizer
    )
    lines = _teaching(statement)
    assert [li.amount for li in lines] == [3500, 2000, 2000]
    assert lines[0].computed_amount == 4000 and lines[0].adjusted
    assert statement.lines.filter(kind=LineKind.MATERIALS, amount=1000).exists()
    assert statement.taxable_total == 3500 + 2000 + 2000 + 1000


def test_only_organizers_adjust(statement, lecturer_user):
    with pytest.raises(PermissionDenied):
        services.statement_line_adjust(
            line=_teaching(statement)[0], actor=lecturer_user, amount=1, reason="x"
        )


def test_confirm_needs_the_personal_account_consent(statement, lecturer_user):
    with pytest.raises(ValidationError) as error:
        services.statement_confirm(
            statement=statement, user=lecturer_user, personal_account=False
        )
    assert error.value.error_dict["personal_account"][0].code == "consent_required"
    statement = services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    assert statement.status == StatementStatus.CONFIRMED
    assert statement.confirmed_account == "700-****-****5678"


def test_confirm_needs_a_bank_account(statement, lecturer_user):
    statement.lecturer.bank_account_sealed = None
    statement.lecturer.save()
    with pytest.raises(ValidationError) as error:
        services.statement_confirm(
            statement=statement, user=lecturer_user, personal_account=True
        )
    assert error.value.code == "no_bank_account"


def test_another_lecturer_cannot_confirm_or_dispute(statement, other_lecturer_user):
    make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    with pytest.raises(PermissionDenied):
        services.statement_confirm(
            statement=statement, user=other_lecturer_user, personal_account=True
        )
    with pytest.raises(PermissionDenied):
        services.statement_dispute(
            statement=statement, user=other_lecturer_user, line=None, comment="x"
        )


def test_dispute_then_adjust_then_confirm(statement, lecturer_user, organizer):
    line = _teaching(statement)[1]
    with pytest.raises(ValidationError) as error:
        services.statement_dispute(
            statement=statement, user=lecturer_user, line=line, comment=""
        )
    assert error.value.error_dict["comment"][0].code == "comment_required"
    statement = services.statement_dispute(
        statement=statement, user=lecturer_user, line=line, comment="下午是兩節"
    )
    assert statement.status == StatementStatus.DISPUTED
    assert statement.events.filter(
        to_status=StatementStatus.DISPUTED, line=line
    ).exists()
    with pytest.raises(ValidationError) as error:
        services.statement_confirm(
            statement=statement, user=lecturer_user, personal_account=True
        )
    assert error.value.code == "invalid_transition"
    services.statement_line_adjust(
        line=line, actor=organizer, amount=4000, reason="依講座說明更正"
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.PENDING
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )


def test_confirmed_statement_is_locked(
    statement, lecturer_user, organizer, fee_session
):
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    with pytest.raises(ValidationError) as error:
        services.statement_line_adjust(
            line=_teaching(statement)[0], actor=organizer, amount=1, reason="x"
        )
    assert error.value.code == "statement_locked"
    with pytest.raises(ValidationError) as error:
        services.statement_compute(
            session=fee_session, profile=statement.lecturer, actor=organizer
        )
    assert error.value.code == "statement_locked"


def test_paid_only_when_confirmed_and_notice_queued(
    statement, lecturer_user, organizer
):
    paid_on = datetime.date(2024, 4, 10)
    with pytest.raises(ValidationError) as error:
        services.statement_mark_paid(
            statement=statement, actor=organizer, paid_on=paid_on
        )
    assert error.value.code == "not_confirmed"
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    statement = services.statement_mark_paid(
        statement=statement, actor=organizer, paid_on=paid_on
    )
    assert (statement.status, statement.paid_on) == (StatementStatus.PAID, paid_on)
    email = OutgoingEmail.objects.get(template_key="fee_payment_notice")
    assert email.to == lecturer_user.email
    assert "2024-04-10" in email.body and "6,000" in email.body


def test_batch_is_complete_when_every_statement_is_confirmed(
    statement, lecturer_user, organizer, fee_session
):
    other = make_profile("乙", C.INTERNAL)
    add_entry(fee_session, other.lecturer, MON, "15:00", "15:50")
    second = services.statement_compute(
        session=fee_session, profile=other, actor=organizer
    )
    services.statement_confirm(
        statement=statement, user=lecturer_user, personal_account=True
    )
    status = selectors.batch_status(viewer=organizer, year=2024, month=3)
    assert (status["count"], status["open"], status["complete"]) == (2, 1, False)
    with pytest.raises(ValidationError) as error:
        services.batch_mark_paid(
            year=2024, month=3, actor=organizer, paid_on=datetime.date(2024, 4, 1)
        )
    assert error.value.code == "batch_incomplete"
    from portal.fees.models import FeeStatement

    FeeStatement.objects.filter(pk=second.pk).update(status=StatementStatus.CONFIRMED)
    assert selectors.batch_status(viewer=organizer, year=2024, month=3)["complete"]
    paid = services.batch_mark_paid(
        year=2024, month=3, actor=organizer, paid_on=datetime.date(2024, 4, 1)
    )
    assert paid == 2
    assert OutgoingEmail.objects.filter(template_key="fee_payment_notice").count() == 1


def test_a_lecturer_sees_only_their_own_statements(
    statement, lecturer_user, other_lecturer_user, organizer
):
    make_profile("乙", C.OUTSIDE, user=other_lecturer_user)
    assert list(selectors.statement_list(viewer=lecturer_user)) == [statement]
    assert list(selectors.statement_list(viewer=other_lecturer_user)) == []
    assert list(selectors.statement_list(viewer=organizer)) == [statement]
