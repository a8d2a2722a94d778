import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone

from cms.catalog.models import CourseCategory, CoursePage, Session, Venue
from cms.handouts.models import Handout, Visibility
from cms.news.models import NewsPage
from portal.certificates.models import Certificate
from portal.classday.attendance import leave_limit
from portal.classday.models import SeatPlan
from portal.enrolment.models import EnrolmentEvent
from portal.exchanges.models import SeatOffer
from portal.exchanges.selectors import offer_list
from portal.records.models import HonoursList, TrainingRecord

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.slow]

DEMO_ACCOUNTS = [
    "editor",
    "organizer",
    "trainee",
    "trainee2",
    "hr_a",
    "hr_b",
    "lecturer",
    "licensee",
]


def _snapshot():
    """Row counts and latest primary keys of every project and Wagtail model."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "django_tasks_db", "admin"}:
            continue
        qs = model._default_manager.all()
        state[model._meta.label] = (
            qs.count(),
            qs.order_by("-pk").values_list("pk", flat=True).first(),
        )
    return state


def test_seed_demo_builds_a_believable_institute_and_is_idempotent(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert CourseCategory.objects.count() == 12
    assert CoursePage.objects.live().count() == 60
    # 150 over the year, one running today for the class-day walk-through and
    # an open term of the course the demo trainee may not repeat.
    assert Session.objects.count() == 152
    once = CoursePage.objects.get(repeat_years=0)
    assert once.sessions.open_for_registration().exists()
    assert TrainingRecord.objects.filter(
        user__username="trainee", session__course=once, completed=True
    ).exists()
    honours = HonoursList.objects.get()
    assert (
        honours.confirmed_at
        and honours.session.training_records.filter(honours_rank=1).exists()
    )
    today = Session.objects.get(
        start_date=timezone.localdate(), class_day_settings__serves_meals=True
    )
    assert today.enrolments.filter(user__username="trainee", status="selected").exists()
    assert today.questionnaires.get().questions.count() == 5
    # One trainee of it was withdrawn for a whole day's leave (退訓).
    assert EnrolmentEvent.objects.filter(
        to_status="withdrawn", enrolment__session=today
    ).exists()
    assert Venue.objects.count() == 10
    assert NewsPage.objects.live().count() >= 5
    assert set(Handout.objects.values_list("visibility", flat=True)) == set(
        Visibility.values
    )
    for username in DEMO_ACCOUNTS:
        assert authenticate(username=username, password="demo-pass-2026"), username
    # Certificates to verify: the trainee's, in both languages, and one revoked.
    certificates = Certificate.objects.filter(record__user__username="trainee")
    assert {c.language for c in certificates if c.revoked_at is None} == {
        "zh-hant",
        "en",
    }
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    # A colleague of the trainee's bureau offers a seat (portal/exchanges).
    offer = SeatOffer.objects.get(state="open")
    trainee = get_user_model().objects.get(username="trainee")
    assert list(offer_list(viewer=trainee)) == [offer]
    assert client.get("/").status_code == 200
    assert client.get("/catalog/").status_code == 200

    _timetables_meals_and_leave_agree_with_the_courses()

    before = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before


def test_editor_signs_in_to_the_admin(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(username="editor", password="demo-pass-2026")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code in (200, 302)


def test_seed_demo_adds_todays_class_to_a_database_seeded_before_seat_plans():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SeatPlan.objects.all().delete()
    Session.objects.filter(
        start_date=timezone.localdate(), class_day_settings__serves_meals=True
    ).delete()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = Session.objects.get(
        start_date=timezone.localdate(), class_day_settings__serves_meals=True
    )
    assert today.venue.capacity >= 36
    assert today.enrolments.filter(user__username="trainee").exists()


def _timetables_meals_and_leave_agree_with_the_courses():
    """Each session's periods add up to its course's hours; lunch choices close
    before lunch on today's class; the leave allowed is less than a class day."""
    for session in Session.objects.select_related("course").prefetch_related(
        "timetable"
    ):
        minutes = sum(
            (
                datetime.datetime.combine(entry.date, entry.end_time)
                - datetime.datetime.combine(entry.date, entry.start_time)
            ).total_seconds()
            / 60
            for entry in session.timetable.all()
        )
        if not minutes:
            continue
        assert Decimal(minutes) / 60 == session.course.study_hours, session
    today = Session.objects.get(
        start_date=timezone.localdate(), class_day_settings__serves_meals=True
    )
    deadline = timezone.localtime(today.class_day_settings.meal_deadline)
    lunch = min(
        entry.start_time
        for entry in today.timetable.filter(date=today.start_date)
        if entry.start_time >= datetime.time(12, 0)
    )
    assert deadline.date() == today.start_date and deadline.time() < lunch
    days = today.timetable.values("date").distinct().count()
    assert leave_limit(today.course) < today.course.study_hours / days
