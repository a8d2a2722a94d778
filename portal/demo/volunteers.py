"""Demo volunteers (志工): duties, posts, this month's and next month's shifts
(published, sign-up open), the demo ``volunteer`` on today's front-desk shifts
and last month's served shifts with clock times, so 志工專區 and the
coordinator's coverage page show real figures. Places are taken through the
service, which checks the rules."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.catalog.models import (
    CatalogIndexPage,
    CourseCategory,
    CoursePage,
    Session,
    SessionStatus,
)
from portal.accounts.roles import VOLUNTEERS
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records.models import Attendance, TrainingRecord
from portal.volunteers import services
from portal.volunteers.models import (
    Duty,
    Period,
    Post,
    Shift,
    ShiftMonth,
    Signup,
    SignupStatus,
    Volunteer,
)

OTHERS = ["許美玲", "鄭文雄", "謝淑芬", "郭志明", "洪秀英"]
TIMES = {
    Period.MORNING: (datetime.time(8, 30), datetime.time(12, 0)),
    Period.AFTERNOON: (datetime.time(13, 30), datetime.time(17, 0)),
}


def _month(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _volunteer_training(user, today):
    """志工基礎訓練班, a course of the catalog for volunteers, which the demo
    volunteer completed last month: it unlocks classroom support."""
    catalog = CatalogIndexPage.objects.first()
    category = CourseCategory.objects.order_by("sort_order", "pk").first()
    if catalog is None or category is None:
        return None
    course = CoursePage(
        title="志工基礎訓練班", slug="volunteer-basics",
        summary="志願服務法規、服務倫理與教室協助實務，完成後可擔任教室協助。",
        audience="本處志工", category=category, study_hours=Decimal("12"),
    )  # fmt: skip
    catalog.add_child(instance=course)
    course.save_revision().publish()
    start = today - datetime.timedelta(days=40)
    session = Session.objects.create(
        course=course, code="V00001", term=1, start_date=start,
        end_date=start + datetime.timedelta(days=1), capacity=30,
        registration_opens=timezone.now() - datetime.timedelta(days=80),
        registration_closes=timezone.now() - datetime.timedelta(days=45),
        status=SessionStatus.CLOSED,
    )  # fmt: skip
    enrolment = Enrolment.objects.create(
        session=session, user=user, status=EnrolmentStatus.SELECTED
    )
    TrainingRecord.objects.create(
        enrolment=enrolment, user=user, session=session, year=start.year,
        attendance=Attendance.ATTENDED, hours=Decimal("12"), completed=True,
    )  # fmt: skip
    return course


def volunteers_demo(*, users, today, report):
    """Idempotent: does nothing once the demo has duties."""
    volunteer_user = users.get("volunteer")
    coordinator = users.get("organizer")
    if volunteer_user is None or coordinator is None or Duty.objects.exists():
        return
    desk = Duty.objects.create(
        name="服務台", name_en="Front desk", description="報到引導、諮詢與失物招領。"
    )
    classroom = Duty.objects.create(
        name="教室協助",
        name_en="Classroom support",
        description="教室設備、點名與講座協助。",
        max_per_month=8,
    )
    Duty.objects.create(
        name="活動引導", name_en="Event guidance", description="大型活動的動線引導。"
    )
    posts = {
        "desk": Post.objects.create(name="一樓服務台", location="行政大樓一樓大廳"),
        "class": Post.objects.create(name="教學大樓服務站", location="教學大樓二樓"),
    }
    report.add("volunteer duties", 3)

    now = timezone.now()
    months = {}
    for first in (
        _month(today) - datetime.timedelta(days=1),
        today,
        _next_month(today),
    ):
        month = _month(first)
        months[month] = ShiftMonth.objects.create(
            month=month,
            published_at=now,
            signup_opens_at=now - datetime.timedelta(days=40),
            signup_closes_at=now + datetime.timedelta(days=30),
        )
    start = _month(today) - datetime.timedelta(days=1)
    start = _month(start)
    end = _next_month(today) + datetime.timedelta(days=27)
    day = start
    while day <= end:
        if day.weekday() < 5:
            for period, (begins, ends) in TIMES.items():
                Shift.objects.create(
                    month=months[_month(day)], duty=desk, post=posts["desk"], date=day,
                    period=period, starts_at=begins, ends_at=ends, needed=2,
                )  # fmt: skip
            if day.weekday() in (1, 3):
                Shift.objects.create(
                    month=months[_month(day)], duty=classroom, post=posts["class"],
                    date=day, period=Period.MORNING, starts_at=datetime.time(8, 30),
                    ends_at=datetime.time(12, 30), needed=1,
                )  # fmt: skip
        day += datetime.timedelta(days=1)
    report.add("volunteer shifts", Shift.objects.count())

    me = Volunteer.objects.create(
        user=volunteer_user, name="蔡志工", phone="0912-345-678",
        joined_on=today - datetime.timedelta(days=800),
        availability={"mon": ["morning"], "wed": ["morning", "afternoon"]},
    )  # fmt: skip
    group = Group.objects.filter(name=VOLUNTEERS).first()
    others = []
    for index, name in enumerate(OTHERS, start=1):
        user, _created = get_user_model().objects.get_or_create(
            username=f"volunteer{index + 1}",
            defaults={"email": f"volunteer{index + 1}@demo.civiclearn.local"},
        )
        user.set_unusable_password()
        user.save()
        if group:
            user.groups.add(group)
        others.append(
            Volunteer.objects.create(
                user=user,
                name=name,
                joined_on=today - datetime.timedelta(days=300 * index),
            )
        )
    report.add("volunteers", 1 + len(others))

    # Last month's shifts, served: clock times near the shift's hours.
    served = Shift.objects.filter(date__lt=today, duty=desk).order_by(
        "date", "starts_at"
    )
    for n, shift in enumerate(served[:40]):
        for volunteer in ([me] if n % 3 == 0 else []) + [others[n % len(others)]]:
            signup = Signup.objects.create(
                shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED
            )
            late = 40 if n % 7 == 0 else 5
            services.clock_mark(
                signup=signup,
                actor=coordinator,
                reason="示範資料",
                clock_in=services.shift_start(shift) + datetime.timedelta(minutes=late),
                clock_out=services.shift_end(shift) - datetime.timedelta(minutes=3),
            )
    # Coming shifts: today's front desk for the demo volunteer, and others'.
    coming = Shift.objects.filter(date__gte=today).order_by("date", "starts_at")
    for shift in coming.filter(date=today, duty=desk):
        Signup.objects.create(shift=shift, volunteer=me, status=SignupStatus.CONFIRMED)
    for n, shift in enumerate(coming.exclude(date=today)[:30]):
        if n % 4:
            Signup.objects.create(
                shift=shift,
                volunteer=others[n % len(others)],
                status=SignupStatus.CONFIRMED,
            )
    report.add("volunteer sign-ups", Signup.objects.count())
