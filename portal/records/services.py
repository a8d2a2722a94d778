from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import Attendance, StudyHours, TrainingRecord


def study_hours_recompute(*, user, year: int) -> StudyHours:
    """Rebuild one line of the yearly ledger from the records (idempotent)."""
    totals = TrainingRecord.objects.filter(user=user, year=year).aggregate(
        hours=Sum("hours"), completed=Count("pk", filter=Q(completed=True))
    )
    ledger, _created = StudyHours.objects.update_or_create(
        user=user,
        year=year,
        defaults={
            "hours": totals["hours"] or Decimal("0"),
            "sessions_completed": totals["completed"] or 0,
        },
    )
    return ledger


def record_update(
    *,
    enrolment: Enrolment,
    actor,
    attendance: str,
    hours: Decimal | None = None,
    grade: Decimal | None = None,
    completed: bool | None = None,
) -> TrainingRecord:
    """Record attendance, hours and grade of a selected trainee; keep the ledger true."""
    if enrolment.status != EnrolmentStatus.SELECTED:
        raise ValidationError(_("Only selected trainees have training records."))
    session = enrolment.session
    full_hours = session.course.study_hours
    if attendance not in Attendance.values:
        raise ValidationError(_("Unknown attendance status."))
    if hours is None:
        hours = full_hours if attendance == Attendance.ATTENDED else Decimal("0")
    if hours < 0 or hours > full_hours:
        raise ValidationError(
            _("Hours must be between 0 and the course's %(hours)s.")
            % {"hours": full_hours}
        )
    if completed is None:
        completed = attendance == Attendance.ATTENDED
    with transaction.atomic():
        record, _created = TrainingRecord.objects.update_or_create(
            enrolment=enrolment,
            defaults={
                "user": enrolment.user,
                "session": session,
                "agency": enrolment.agency,
                "year": session.start_date.year,
                "attendance": attendance,
                "hours": hours,
                "grade": grade,
                "completed": completed,
                "updated_by": actor if actor and actor.is_authenticated else None,
            },
        )
        study_hours_recompute(user=enrolment.user, year=record.year)
    return record


def _typed_decimal(raw) -> Decimal | None:
    """Hours or a grade as typed (or given): empty is None; NaN, infinities,
    values the column cannot hold (5 digits, 1 decimal) and NUL bytes are refused."""
    return forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1
    ).clean(raw)


def record_bulk_update(*, actor, rows: list[dict]) -> list[TrainingRecord]:
    """Attendance, hours and grades of many trainees at once (the roster), all or
    nothing. Each row: ``enrolment``, ``attendance`` and ``hours``/``grade`` as
    typed. Every refused row is named in one ValidationError keyed by enrolment
    id, and then nothing is saved."""
    records, errors = [], {}
    with transaction.atomic():
        for row in rows:
            enrolment = row["enrolment"]
            try:
                records.append(
                    record_update(
                        enrolment=enrolment,
                        actor=actor,
                        attendance=row["attendance"],
                        hours=_typed_decimal(row.get("hours")),
                        grade=_typed_decimal(row.get("grade")),
                    )
                )
            except ValidationError as error:
                # Kept whole, codes and all.
                errors[str(enrolment.pk)] = getattr(error, "error_list", error.messages)
        if errors:
            raise ValidationError(errors)  # inside the block: everything rolls back
    return records
