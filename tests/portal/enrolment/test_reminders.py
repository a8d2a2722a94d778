"""Reminders of blended classes: sign up for the online part before the start,
finish it around the start; to the trainee, the HR office or both; once a day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cms.catalog.models import DeliveryMode
from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import services
from portal.notifications.models import OutgoingEmail
from portal.records import services as records_services
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def blended(catalog):
    agencies = make_agencies()
    make_person("bl_hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"],
                email="hr@example.test")  # fmt: skip

    def enrolled(start_in_days, *, recipients="both", mode=DeliveryMode.BLENDED, n=0):
        course = make_course(
            catalog, delivery_mode=mode, elearning_url="https://elearn.example.test/c/1",
            blended_reminders_to=recipients,
        )  # fmt: skip
        start = timezone.localdate() + datetime.timedelta(days=start_in_days)
        session = make_session(course, start=start)
        person = make_person(f"bl{start_in_days}{recipients}{n}", agencies["it_unit"])
        return services.enrolment_register(session=session, trainee=person.user)

    return enrolled


def _sent(key):
    return sorted(
        OutgoingEmail.objects.filter(template_key=key).values_list("to", flat=True)
    )


def test_sign_up_reminders_go_10_and_5_days_before_the_start(blended):
    ten, five, six = blended(10), blended(5), blended(6)
    classroom = blended(10, mode=DeliveryMode.CLASSROOM, n=1)

    counts = services.reminders_send()

    assert counts["blended_signup"] == 2
    assert _sent("blended_signup_reminder") == sorted(
        [f"{e.user.username}@example.test" for e in (ten, five)]
    )
    body = (
        OutgoingEmail.objects.filter(template_key="blended_signup_reminder")
        .first()
        .body
    )
    assert "https://elearn.example.test/c/1" in body
    assert six and classroom  # not reminded: not due, not blended


def test_unfinished_reminders_go_to_the_trainee_and_hr_until_it_is_finished(blended):
    week_before, started, finished = blended(7), blended(-3), blended(0, n=2)
    records_services.record_online_complete(enrolment=finished, actor=None)

    services.reminders_send()

    trainees = _sent("blended_unfinished")
    assert trainees == sorted(
        [f"{e.user.username}@example.test" for e in (week_before, started)]
    )
    assert _sent("blended_unfinished_hr") == ["hr@example.test", "hr@example.test"]


def test_the_course_chooses_who_is_reminded(blended):
    blended(7, recipients="hr")
    blended(3, recipients="trainee", n=1)
    blended(0, recipients="nobody", n=2)
    services.reminders_send()
    assert len(_sent("blended_unfinished")) == 1
    assert _sent("blended_unfinished_hr") == ["hr@example.test"]


def test_each_reminder_goes_once_a_day_however_often_it_runs(blended):
    blended(10)
    call_command("reminders_send", verbosity=0)
    call_command("reminders_send", verbosity=0)
    assert len(_sent("blended_signup_reminder")) == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.reminders_send(today=tomorrow)  # 9 days before: not a reminder day
    assert len(_sent("blended_signup_reminder")) == 1


def test_online_part_only_for_blended_classes(blended):
    classroom = blended(3, mode=DeliveryMode.CLASSROOM)
    with pytest.raises(ValidationError) as refused:
        records_services.record_online_complete(enrolment=classroom, actor=None)
    assert refused.value.code == "not_blended"
    record = records_services.record_online_complete(
        enrolment=blended(3, n=1), actor=None
    )
    assert record.online_completed_at is not None
