"""Attendance from the class day: the work the sync task runs (and the sweeper
that recomputes what a lost task left behind). Services queue the task; this
module knows nothing of the queue."""

import datetime
import math
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records import services as records_services
from portal.records.models import Attendance, classroom_part_hours

from .models import CheckIn, ClassDaySettings, LeaveRequest, LeaveStatus


def leave_limit(course) -> Decimal:
    """The hours a trainee may miss (leave, lateness, absence) and still complete
    the class; beyond them, leave withdraws the trainee (退訓). The course's own
    figure, or the institute's share of the class hours rounded up to whole hours."""
    if course.leave_limit_hours is not None:
        return course.leave_limit_hours
    share = Fraction(settings.TRAINING_RULES["LEAVE_SHARE"])
    return Decimal(math.ceil(Fraction(str(course.study_hours)) * share))


def _first_starts(session) -> dict:
    """Each class day's first period start, from the timetable."""
    starts = {}
    for entry in session.timetable.all():
        if entry.date not in starts or entry.start_time < starts[entry.date]:
            starts[entry.date] = entry.start_time
    return starts


def missed_for_lateness(
    *, arrived_at, starts_at, grace_minutes: int, day_hours: Decimal
) -> Decimal:
    """Hours a late arrival misses: none up to the grace time after the start;
    past it, the time since the start rounded up to whole hours, at most the
    day's hours."""
    late = arrived_at - starts_at
    if late <= datetime.timedelta(minutes=grace_minutes):
        return Decimal("0")
    hours = Decimal(math.ceil(late.total_seconds() / 3600))
    return min(hours, day_hours)


def attendance_sync(*, enrolment: Enrolment) -> None:
    """Attendance and hours of the record from check-ins and approved leave.

    Each class day carries an equal share of the classroom hours (a blended
    course's online part is added by the records service once it is finished;
    ``classroom_part_hours``). A day counts when
    the trainee checked in, less the hours of approved partial leave and the hours
    missed by arriving late (see ``missed_for_lateness``; counted from the end of
    a leave that covers the start); a day of approved whole-day leave is excused.
    """
    session = enrolment.session
    days = session.class_days()
    class_hours = classroom_part_hours(session)
    per_day = class_hours / len(days)
    today = timezone.localdate()
    grace = ClassDaySettings.for_session(session).grace_minutes
    first_starts = _first_starts(session)
    arrivals, ongoing = {}, set()
    for day, arrived_at, left_at in CheckIn.objects.filter(
        enrolment=enrolment
    ).values_list("date", "checked_in_at", "checked_out_at"):
        arrivals[day] = arrived_at
        # Hours are credited at check-out, or once the day is over.
        if left_at is None and day >= today:
            ongoing.add(day)
    leave, leave_start = {}, {}
    for day, hours, starts_at in LeaveRequest.objects.filter(
        enrolment=enrolment, status=LeaveStatus.APPROVED
    ).values_list("date", "hours", "starts_at"):
        leave[day] = per_day if hours is None else min(per_day, hours)
        leave_start[day] = starts_at
    hours, late_days = Decimal("0"), 0
    for day in days:
        if day not in arrivals or day in ongoing:
            continue
        lost = leave.get(day, Decimal("0"))
        if day in first_starts:
            start = datetime.datetime.combine(day, first_starts[day])
            covered = leave_start.get(day)
            if covered is not None and covered <= first_starts[day]:
                start += datetime.timedelta(hours=float(leave[day]))
            missed = missed_for_lateness(
                arrived_at=timezone.localtime(arrivals[day]).replace(tzinfo=None),
                starts_at=start,
                grace_minutes=grace,
                day_hours=per_day,
            )
            late_days += bool(missed)
            lost += missed
        hours += max(Decimal("0"), per_day - lost)
    hours = hours.quantize(Decimal("0.1"))
    past = [day for day in days if day <= today]
    present = set(arrivals) - ongoing
    if ongoing and not present:
        attendance = Attendance.PENDING  # in class now; nothing credited yet
    elif (
        present and all(day in present for day in days) and not leave and not late_days
    ):
        attendance = Attendance.ATTENDED
        hours = class_hours
    elif present:
        attendance = Attendance.PARTIAL
    elif leave and all(day in leave for day in past):
        attendance = Attendance.EXCUSED
    else:
        attendance = Attendance.ABSENT if past else Attendance.PENDING
    hours = min(hours, class_hours)
    # Completed: every class day over, and no more hours missed than allowed.
    completed = attendance == Attendance.ATTENDED or (
        attendance == Attendance.PARTIAL
        and days[-1] <= today
        and class_hours - hours <= leave_limit(session.course)
    )
    records_services.record_update(
        enrolment=enrolment,
        actor=None,
        attendance=attendance,
        hours=hours,
        completed=completed,
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
    """Bring up to date the records of recent check-ins whose sync was lost,
    and of past days without a check-out (credited once the day is over).

    A check-in newer than its trainee's record (or without a record) after
    ``older_than`` means the task never ran; the sync is recomputed from the
    check-ins, so running it twice changes nothing.
    """
    now = timezone.now()
    today = timezone.localdate()
    recent = CheckIn.objects.filter(
        date__gte=today - datetime.timedelta(days=days),
        checked_in_at__lte=now - older_than,
        enrolment__status=EnrolmentStatus.SELECTED,
    )
    stale = (
        recent.exclude(enrolment__record__updated_at__gte=F("checked_in_at"))
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    # Days over without a check-out: their hours are due now.
    day_over = (
        recent.filter(date__lt=today, checked_out_at__isnull=True)
        .exclude(enrolment__record__updated_at__date__gt=F("date"))
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    enrolments = Enrolment.objects.select_related(
        "session__course", "user", "agency"
    ).filter(pk__in={*stale, *day_over})
    count = 0
    for enrolment in enrolments:
        attendance_sync(enrolment=enrolment)
        count += 1
    return count
