"""Attendance from the class day: the work the sync task runs (and the sweeper
that recomputes what a lost task left behind). Services queue the task; this
module knows nothing of the queue."""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records import services as records_services
from portal.records.models import Attendance

from .models import CheckIn, LeaveRequest, LeaveStatus


def attendance_sync(*, enrolment: Enrolment) -> None:
    """Attendance and hours of the record from check-ins and approved leave.

    Each class day carries an equal share of the course hours. A day counts when
    the trainee checked in, less the hours of approved partial leave; a day of
    approved whole-day leave is excused.
    """
    session = enrolment.session
    days = session.class_days()
    per_day = session.course.study_hours / len(days)
    today = timezone.localdate()
    present = set(
        CheckIn.objects.filter(enrolment=enrolment).values_list("date", flat=True)
    )
    leave = {}
    for day, hours in LeaveRequest.objects.filter(
        enrolment=enrolment, status=LeaveStatus.APPROVED
    ).values_list("date", "hours"):
        leave[day] = per_day if hours is None else min(per_day, hours)
    hours = Decimal("0")
    for day in days:
        if day in present:
            hours += max(Decimal("0"), per_day - leave.get(day, Decimal("0")))
    hours = hours.quantize(Decimal("0.1"))
    past = [day for day in days if day <= today]
    if present and all(day in present for day in days) and not leave:
        attendance = Attendance.ATTENDED
        hours = session.course.study_hours
    elif present:
        attendance = Attendance.PARTIAL
    elif leave and all(day in leave for day in past):
        attendance = Attendance.EXCUSED
    else:
        attendance = Attendance.ABSENT if past else Attendance.PENDING
    records_services.record_update(
        enrolment=enrolment,
        actor=None,
        attendance=attendance,
        hours=min(hours, session.course.study_hours),
        completed=attendance == Attendance.ATTENDED,
    )


def attendance_sync_of(*, enrolment_id: int) -> None:
    """The sync of one enrolment by id, if it is still selected (the task's work)."""
    enrolment = (
        Enrolment.objects.select_related("session__course", "user", "agency")
        .filter(pk=enrolment_id, status=EnrolmentStatus.SELECTED)
        .first()
    )
    if enrolment is not None:
        attendance_sync(enrolment=enrolment)


def attendance_sweep(*, older_than=datetime.timedelta(minutes=10), days=7) -> int:
    """Bring up to date the records of recent check-ins whose sync was lost.

    A check-in newer than its trainee's record (or without a record) after
    ``older_than`` means the task never ran; the sync is recomputed from the
    check-ins, so running it twice changes nothing.
    """
    now = timezone.now()
    stale = (
        CheckIn.objects.filter(
            date__gte=timezone.localdate() - datetime.timedelta(days=days),
            checked_in_at__lte=now - older_than,
            enrolment__status=EnrolmentStatus.SELECTED,
        )
        .exclude(enrolment__record__updated_at__gte=F("checked_in_at"))
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    enrolments = Enrolment.objects.select_related(
        "session__course", "user", "agency"
    ).filter(pk__in=list(stale))
    count = 0
    for enrolment in enrolments:
        attendance_sync(enrolment=enrolment)
        count += 1
    return count
