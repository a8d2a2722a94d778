from decimal import Decimal

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
