"""Demo training rules, through the services: a course the demo trainee may not
repeat (with an open term, so the refusal can be tried), the language courses as
a group, a graded class with its honours list, a trainee of today's class
withdrawn for too much leave, and change limits for HR offices. Running it again
changes nothing."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from cms.catalog.models import (
    CourseGroup,
    CoursePage,
    GradeBand,
    GradePart,
    GradePartSource,
    GradeScheme,
    Session,
    SessionStatus,
)
from portal.classday import services as classday_services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records import services as records_services
from portal.records.models import TrainingRecord

SCHEME = "標準評分（出席、作業、測驗）"
BANDS = [("特優", 100), ("優", 90), ("甲", 80), ("乙", 70), ("丙", 60), ("丁", 0)]


def _publish(course, **fields):
    for name, value in fields.items():
        setattr(course, name, value)
    course.save_revision().publish()


def _scheme(report):
    scheme = GradeScheme.objects.create(name=SCHEME, honours_size=3)
    for order, (key, name, weight, source) in enumerate(
        [("attendance", "出席", 20, GradePartSource.ATTENDANCE),
         ("assignment", "作業", 30, GradePartSource.ENTERED),
         ("test", "測驗", 50, GradePartSource.ENTERED)]
    ):  # fmt: skip
        GradePart.objects.create(scheme=scheme, key=key, name=name, weight=weight,
                                 source=source, sort_order=order)  # fmt: skip
    for order, (label, minimum) in enumerate(BANDS):
        GradeBand.objects.create(scheme=scheme, label=label, minimum=minimum,
                                 sort_order=order)  # fmt: skip
    report.add("grade schemes")
    return scheme


def _no_repeat(users, today, report):
    """The demo trainee completed a course that is taken only once; a new term
    of it opens, so registering shows the refusal."""
    record = (
        TrainingRecord.objects.filter(user=users["trainee"], completed=True)
        .select_related("session__course")
        .order_by("-session__end_date")
        .first()
    )
    if record is None:
        return
    course = CoursePage.objects.get(pk=record.session.course_id)
    _publish(course, repeat_years=0)
    last = course.sessions.order_by("-term").first()
    start = today + datetime.timedelta(days=21)
    now = timezone.now()
    Session.objects.create(
        course=course, code=last.code, term=last.term + 1, start_date=start,
        end_date=start, capacity=30, status=SessionStatus.OPEN,
        registration_opens=now - datetime.timedelta(days=7),
        registration_closes=now + datetime.timedelta(days=14),
    )  # fmt: skip
    report.add("courses taken only once")


def _language_group(report):
    group = CourseGroup.objects.create(name="語文類", max_classes=2, per_year=True)
    for course in CoursePage.objects.filter(category__slug="language"):
        _publish(course, course_group=group)
    report.add("course groups")


def _honours(scheme, users, today, report):
    """The past class with the most completed trainees, graded, its honours list
    computed and confirmed."""
    session = (
        Session.objects.filter(end_date__lt=today)
        .annotate(done=Count("training_records", filter=Q(training_records__completed=True)))
        .order_by("-done", "-end_date")
        .first()
    )  # fmt: skip
    if session is None or not session.done:
        return
    _publish(CoursePage.objects.get(pk=session.course_id), grade_scheme=scheme)
    session.refresh_from_db()
    enrolments = Enrolment.objects.filter(
        session=session, status=EnrolmentStatus.SELECTED
    ).order_by("pk")
    for n, enrolment in enumerate(enrolments):
        records_services.grade_save(
            enrolment=enrolment, actor=users["organizer"],
            scores={"assignment": str(98 - 3 * (n % 7)), "test": str(96 - 4 * (n % 6))},
            adjustment="1" if n == 0 else None,
            reason="課堂分組報告表現優異" if n == 0 else "",
        )  # fmt: skip
    records_services.honours_compute(session=session, actor=users["organizer"])
    records_services.honours_confirm(session=session, actor=users["organizer"])
    report.add("honours lists")


def _withdrawn_for_leave(users, today, report):
    """One staff trainee of today's class asks for the whole day off, more than
    the share allowed: approving it withdraws them (退訓) and tells their HR."""
    enrolment = (
        Enrolment.objects.filter(
            session__start_date=today,
            session__class_day_settings__serves_meals=True,
            status=EnrolmentStatus.SELECTED,
            user__username__regex=r"^(it|edu)[0-9]{2}$",
        )  # fmt: skip
        .select_related("session__course", "user")
        .order_by("pk")
        .first()
    )
    if enrolment is None:
        return
    leave = classday_services.leave_request(
        enrolment=enrolment, user=enrolment.user, date=today, reason="家中有急事"
    )
    classday_services.leave_decide(leave=leave, actor=users["organizer"], approve=True)
    report.add("trainees withdrawn for leave")


def _change_limits(today, report):
    """The next open class lets HR offices make two changes, until three days
    before it starts, and no transfers."""
    session = (
        Session.objects.open_for_registration()
        .filter(start_date__gt=today + datetime.timedelta(days=5))
        .order_by("start_date", "pk")
        .first()
    )
    if session is None:
        return
    session.hr_change_quota = 2
    session.hr_may_transfer = False
    session.hr_changes_close_at = timezone.make_aware(
        datetime.datetime.combine(
            session.start_date - datetime.timedelta(days=3), datetime.time(17)
        )
    )
    session.save()
    report.add("sessions with change limits")


def rules_demo(*, users, today, report):
    if GradeScheme.objects.filter(name=SCHEME).exists() or "organizer" not in users:
        return
    scheme = _scheme(report)
    _no_repeat(users, today, report)
    _language_group(report)
    _honours(scheme, users, today, report)
    _withdrawn_for_leave(users, today, report)
    _change_limits(today, report)
