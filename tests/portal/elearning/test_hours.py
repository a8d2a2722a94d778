"""Hours count both parts: a blended class's classroom hours plus its online
part once finished; an online class is completed with its study hours. One rule
for the roster, the class day and the platform, and the yearly ledger follows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.classday.attendance import attendance_sync
from portal.classday.models import CheckIn
from portal.records import services
from portal.records.models import Attendance, StudyHours
from tests.factories.elearning import make_elearning_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    return make_elearning_world(catalog)


def _ledger(w, user):
    return StudyHours.objects.get(user=user, year=w.blended.start_date.year).hours


def test_a_blended_trainees_hours_are_the_classroom_hours_plus_the_finished_online_part(
    w,
):
    record = services.record_update(
        enrolment=w.alice_blended, actor=None, attendance=Attendance.ATTENDED
    )
    assert record.hours == Decimal("6")  # 9 study hours, 3 of them online
    record = services.record_online_complete(enrolment=w.alice_blended, actor=None)
    assert record.hours == Decimal("9") and _ledger(w, w.alice.user) == Decimal("9")
    # The roster saved again with the classroom hours it shows: not counted twice.
    assert record.classroom_hours == Decimal("6")
    record = services.record_update(
        enrolment=w.alice_blended, actor=None, attendance=Attendance.PARTIAL,
        hours=Decimal("4"),
    )  # fmt: skip
    assert record.hours == Decimal("7") and _ledger(w, w.alice.user) == Decimal("7")
    # Untick: the online part leaves the hours.
    record = services.record_online_complete(
        enrolment=w.alice_blended, actor=None, completed=False
    )
    assert record.hours == Decimal("4") and _ledger(w, w.alice.user) == Decimal("4")


def test_classroom_hours_are_bounded_by_the_classroom_part(w):
    with pytest.raises(ValidationError) as refused:
        services.record_update(
            enrolment=w.alice_blended, actor=None, attendance=Attendance.ATTENDED,
            hours=Decimal("7"),
        )  # fmt: skip
    assert refused.value.code == "hours_out_of_range"


def test_the_online_part_finished_first_counts_once_class_hours_come(w):
    services.record_online_complete(enrolment=w.bob_blended, actor=None)
    record = services.record_update(
        enrolment=w.bob_blended, actor=None, attendance=Attendance.ATTENDED
    )
    assert record.hours == Decimal("9") and record.completed


def test_check_ins_earn_the_classroom_part_and_the_online_part_adds_to_it(w):
    for day in w.blended.class_days():
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 50)))
        CheckIn.objects.create(
            enrolment=w.alice_blended, session=w.blended, date=day,
            checked_in_at=at, checked_out_at=at + datetime.timedelta(hours=7),
            method="qr",
        )  # fmt: skip
    services.record_online_complete(enrolment=w.alice_blended, actor=None)
    attendance_sync(enrolment=w.alice_blended)
    record = w.alice_blended.record
    record.refresh_from_db()
    assert record.attendance == Attendance.ATTENDED
    assert record.hours == Decimal("9") and record.completed


def test_an_online_class_is_completed_with_its_study_hours_when_the_platform_reports_it(
    w,
):
    record = services.record_update(
        enrolment=w.alice_online, actor=None, attendance=Attendance.ATTENDED
    )
    assert (record.hours, record.completed) == (Decimal("0"), False)
    record = services.record_online_complete(enrolment=w.alice_online, actor=None)
    assert (record.hours, record.completed, record.attendance) == (
        Decimal("2"), True, Attendance.ATTENDED,
    )  # fmt: skip
    ledger = StudyHours.objects.get(user=w.alice.user, year=w.online.start_date.year)
    assert (ledger.hours, ledger.sessions_completed) >= (Decimal("2"), 1)
    record = services.record_online_complete(
        enrolment=w.alice_online, actor=None, completed=False
    )
    assert (record.hours, record.completed) == (Decimal("0"), False)


def test_recording_a_finished_part_again_changes_nothing(w):
    first = services.record_online_complete(
        enrolment=w.alice_online, actor=None,
        at=timezone.now() - datetime.timedelta(days=2),
    )  # fmt: skip
    again = services.record_online_complete(enrolment=w.alice_online, actor=None)
    assert again.online_completed_at == first.online_completed_at
    assert again.updated_at == first.updated_at
