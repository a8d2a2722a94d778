"""The institute's attendance rules: lateness after a grace time, leave beyond
the allowed share withdraws the trainee (退訓), a class that ends early drops the
leave booked after its end, and completion within the hours allowed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cms.catalog.models import TimetableEntry
from portal.classday import services
from portal.classday.attendance import (
    attendance_sync,
    leave_limit,
    missed_for_lateness,
)
from portal.classday.models import CheckIn, ClassDaySettings, LeaveStatus, Method
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.notifications.models import OutgoingEmail
from portal.records.models import Attendance, TrainingRecord
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def on_time_all_day(settings):
    """The institute's rule here (the package's conftest gives a day's grace)."""
    settings.TRAINING_RULES = {**settings.TRAINING_RULES, "LATENESS_GRACE_MINUTES": 20}


START = datetime.datetime(2026, 12, 7, 9, 0)


@pytest.mark.parametrize(
    ("late", "missed"),
    [
        (datetime.timedelta(minutes=20), D("0")),  # exactly at the grace time
        (datetime.timedelta(minutes=20, seconds=1), D("1")),
        (datetime.timedelta(minutes=60), D("1")),
        (datetime.timedelta(minutes=61), D("2")),
        (datetime.timedelta(hours=9), D("6")),  # capped at the day's hours
        (-datetime.timedelta(minutes=30), D("0")),  # early
    ],
    ids=["at-grace", "a-second-past-grace", "one-hour", "just-over-an-hour",
         "capped", "early"],
)  # fmt: skip
def test_lateness_counts_from_the_start_past_the_grace_in_whole_hours(late, missed):
    assert (
        missed_for_lateness(
            arrived_at=START + late,
            starts_at=START,
            grace_minutes=20,
            day_hours=D("6"),
        )  # fmt: skip
        == missed
    )


@pytest.mark.parametrize(
    ("study_hours", "fixed", "limit"),
    [(D("12"), None, D("3")), (D("10"), None, D("2")), (D("6"), None, D("2")),
     (D("18"), D("4"), D("4")), (D("18"), D("0"), D("0"))],
)  # fmt: skip
def test_leave_allowed_is_a_fifth_of_the_hours_rounded_up_or_the_courses_own(
    catalog, study_hours, fixed, limit
):
    course = make_course(catalog, study_hours=study_hours, leave_limit_hours=fixed)
    assert leave_limit(course) == limit


@pytest.fixture
def course_day(catalog):
    """A two-day, 12-hour class (6 h a day from 09:00) that began yesterday; a
    selected trainee of an agency with an HR officer; a waiting trainee."""
    from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
    from portal.enrolment import services as enrolment_services
    from tests.factories.users import make_user

    agencies = make_agencies()
    today = timezone.localdate()
    course = make_course(catalog, title="專案管理班", study_hours=D("12"))
    session = make_session(course, start=today - datetime.timedelta(days=1),
                           days=2, capacity=1)  # fmt: skip
    for day in (session.start_date, session.end_date):
        TimetableEntry.objects.create(
            session=session, date=day, start_time=datetime.time(9),
            end_time=datetime.time(16), topic="專案",
        )  # fmt: skip
    trainee = make_person("ruled", agencies["it_unit"], name="規則丙")
    waiting = make_person("ruled_wait", agencies["edu"])
    make_person("ruled_hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"],
                email="hr@example.test")  # fmt: skip
    enrolment = enrolment_services.enrolment_register(
        session=session, trainee=trainee.user
    )
    enrolment_services.enrolment_register(session=session, trainee=waiting.user)
    return {
        "session": session,
        "enrolment": enrolment,
        "trainee": trainee,
        "organizer": make_user("ruled_org", ORGANIZERS),
    }


def _arrive(enrolment, day, at, left=datetime.time(16)):
    def moment(time):
        return timezone.make_aware(datetime.datetime.combine(day, time))

    CheckIn.objects.create(
        enrolment=enrolment, session=enrolment.session, date=day, method=Method.QR,
        checked_in_at=moment(at), checked_out_at=moment(left) if left else None,
    )  # fmt: skip


def _record(enrolment):
    return TrainingRecord.objects.get(enrolment=enrolment)


def test_a_late_arrival_loses_whole_hours_and_the_sessions_own_grace(course_day):
    enrolment, session = course_day["enrolment"], course_day["session"]
    _arrive(enrolment, session.start_date, datetime.time(9, 20))
    _arrive(enrolment, session.end_date, datetime.time(9, 25))
    attendance_sync(enrolment=enrolment)
    record = _record(enrolment)
    assert (record.attendance, record.hours) == (Attendance.PARTIAL, D("11.0"))

    ClassDaySettings.objects.create(session=session, lateness_grace_minutes=30)
    session.refresh_from_db()
    enrolment.session = session
    attendance_sync(enrolment=enrolment)
    assert (_record(enrolment).attendance, _record(enrolment).hours) == (
        Attendance.ATTENDED, D("12"),
    )  # fmt: skip


def test_leave_covering_the_start_moves_the_lateness_to_its_end(course_day):
    enrolment, session, trainee = (
        course_day["enrolment"], course_day["session"], course_day["trainee"],
    )  # fmt: skip
    leave = services.leave_request(
        enrolment=enrolment, user=trainee.user, date=session.start_date,
        hours=D("2"), starts_at=datetime.time(9), reason="看醫生",
    )  # fmt: skip
    services.leave_decide(leave=leave, actor=course_day["organizer"], approve=True)
    _arrive(enrolment, session.start_date, datetime.time(11, 15))
    _arrive(enrolment, session.end_date, datetime.time(8, 50))
    attendance_sync(enrolment=enrolment)
    # 2 hours of leave, arrived within the grace after it: 10 of 12 hours, and
    # completed (2 hours missed is within the 3 allowed).
    record = _record(enrolment)
    assert (record.hours, record.completed) == (D("10.0"), True)


def test_leave_up_to_the_share_is_kept_and_beyond_it_withdraws(course_day):
    enrolment, session, trainee = (
        course_day["enrolment"], course_day["session"], course_day["trainee"],
    )  # fmt: skip
    organizer = course_day["organizer"]
    first = services.leave_request(
        enrolment=enrolment, user=trainee.user, date=session.start_date,
        hours=D("3"), reason="公假",
    )  # fmt: skip
    services.leave_decide(leave=first, actor=organizer, approve=True)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.SELECTED  # exactly the 3 h allowed

    second = services.leave_request(
        enrolment=enrolment, user=trainee.user, date=session.end_date,
        hours=D("0.5"), reason="家中有事",
    )  # fmt: skip
    services.leave_decide(leave=second, actor=organizer, approve=True)

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert "3.5" in enrolment.events.latest("at").reason
    assert OutgoingEmail.objects.filter(
        template_key="dismissal", to="ruled@example.test"
    ).exists()
    assert OutgoingEmail.objects.filter(
        template_key="dismissal_hr_copy", to="hr@example.test"
    ).exists()
    # The class has begun: the freed seat is not offered to the waiting list.
    assert not Enrolment.objects.filter(
        session=session, status=EnrolmentStatus.SELECTED
    ).exists()


def test_a_class_that_ends_early_drops_the_leave_booked_after_its_end(course_day):
    enrolment, session, trainee = (
        course_day["enrolment"], course_day["session"], course_day["trainee"],
    )  # fmt: skip
    organizer, day = course_day["organizer"], course_day["session"].end_date
    after = services.leave_request(
        enrolment=enrolment, user=trainee.user, date=day, hours=D("2"),
        starts_at=datetime.time(14), reason="接小孩",
    )  # fmt: skip
    services.leave_decide(leave=after, actor=organizer, approve=True)

    services.class_day_end_early(
        session=session, date=day, ended_at=datetime.time(14), reason="颱風",
        actor=organizer,
    )  # fmt: skip

    after.refresh_from_db()
    assert after.status == LeaveStatus.DROPPED
    with pytest.raises(ValidationError) as refused:
        services.leave_request(
            enrolment=enrolment, user=trainee.user, date=day, hours=D("1"),
            starts_at=datetime.time(15), reason="補請",
        )  # fmt: skip
    assert "starts_at" in refused.value.error_dict


def test_leave_running_past_an_early_end_is_cut_at_it(course_day):
    enrolment, session, trainee = (
        course_day["enrolment"], course_day["session"], course_day["trainee"],
    )  # fmt: skip
    day = session.end_date
    leave = services.leave_request(
        enrolment=enrolment, user=trainee.user, date=day, hours=D("3"),
        starts_at=datetime.time(13), reason="開會",
    )  # fmt: skip
    services.class_day_end_early(
        session=session, date=day, ended_at=datetime.time(14, 30), reason="停電",
        actor=course_day["organizer"],
    )  # fmt: skip
    leave.refresh_from_db()
    assert (leave.status, leave.hours) == (LeaveStatus.PENDING, D("1.5"))


def test_a_start_time_needs_hours(course_day):
    with pytest.raises(ValidationError) as refused:
        services.leave_request(
            enrolment=course_day["enrolment"], user=course_day["trainee"].user,
            date=course_day["session"].start_date, starts_at=datetime.time(10),
            reason="看醫生",
        )  # fmt: skip
    assert "starts_at" in refused.value.error_dict


def test_hours_are_credited_at_check_out_or_once_the_day_is_over(
    course_day, django_capture_on_commit_callbacks
):
    from portal.classday.attendance import attendance_sweep

    enrolment, session = course_day["enrolment"], course_day["session"]
    for day in (session.start_date, session.end_date):  # yesterday and today
        _arrive(enrolment, day, datetime.time(8, 50), left=None)
    TrainingRecord.objects.filter(enrolment=enrolment).delete()

    # Yesterday is over without a check-out: the sweep credits its 6 hours.
    assert attendance_sweep(older_than=datetime.timedelta(0)) == 1
    record = _record(enrolment)
    assert (record.attendance, record.hours) == (Attendance.PARTIAL, D("6.0"))

    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_scan(
            token=services.checkin_token(session=session, kind=services.OUT),
            user=enrolment.user,
        )
    record = _record(enrolment)
    assert (record.attendance, record.hours, record.completed) == (
        Attendance.ATTENDED, D("12"), True,
    )  # fmt: skip


def test_the_class_day_page_tells_before_today_between_and_over_apart(catalog, client):
    from portal.enrolment import services as enrolment_services

    today = timezone.localdate()
    person = make_person("phases", make_agencies()["it"])
    client.force_login(person.user)
    pages = {}
    for name, start in (("before", 5), ("today", 0), ("over", -5)):
        course = make_course(catalog, title=f"階段{name}")
        session = make_session(course, start=today + datetime.timedelta(days=start))
        enrolment_services.enrolment_register(session=session, trainee=person.user)
        pages[name] = client.get(
            reverse("classday:day", args=[session.pk])
        ).content.decode()
    assert "開訓前" in pages["before"] and "掃描" in pages["before"]
    assert "今天" in pages["today"] and "尚未簽到" in pages["today"]
    assert "課程已結束" in pages["over"] and "尚未簽到" not in pages["over"]
