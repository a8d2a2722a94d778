import datetime

import pytest
from django.utils import timezone

from cms.catalog.models import TimetableEntry
from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
from portal.classday.models import ClassDaySettings, SeatPlan
from portal.enrolment import services as enrolment_services
from tests.factories.catalog import make_course, make_session, make_venue
from tests.factories.people import make_agencies, make_person, valid_national_id
from tests.factories.users import make_user


def make_classday(
    catalog, *, code="C00001", days=1, agencies=None, prefix="", **class_day
):
    """A session that runs today (and the next ``days - 1`` days), a seat plan,
    two selected trainees, one not selected, an organizer and an HR officer.
    ``class_day``: the session's class-day settings (seats, meals), if any."""
    agencies = agencies or make_agencies()
    venue = make_venue(name=f"教室 {code}", capacity=40)
    SeatPlan.objects.create(venue=venue, rows=5, seats_per_row=8, seats_unavailable="1")
    course = make_course(catalog, title="公文寫作實務班", study_hours=6 * days)
    today = timezone.localdate()
    session = make_session(course, code=code, start=today, venue=venue, capacity=30)
    if class_day:
        ClassDaySettings.objects.create(session=session, **class_day)
    session.end_date = today + datetime.timedelta(days=days - 1)
    session.save()
    for offset in range(days):
        TimetableEntry.objects.create(
            session=session,
            date=today + datetime.timedelta(days=offset),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(16, 30),
            topic=f"第 {offset + 1} 天",
        )
    people = {
        "alice": make_person(
            f"{prefix}alice",
            agencies["it_unit"],
            national_id=valid_national_id(4242 + len(prefix)),
        ),
        "bob": make_person(f"{prefix}bob", agencies["edu"]),
        "outsider": make_person(f"{prefix}outsider", agencies["edu"]),
    }
    enrolments = {
        name: enrolment_services.enrolment_register(session=session, trainee=p.user)
        for name, p in people.items()
        if name != "outsider"
    }
    hr = make_person(
        f"{prefix}hr_it", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"],
        email="hr-it@example.test",
    )  # fmt: skip
    return {
        "session": session,
        "venue": venue,
        "agencies": agencies,
        "organizer": make_user(f"{prefix}organizer", ORGANIZERS),
        "hr": hr,
        **people,
        "enrolments": enrolments,
    }


@pytest.fixture(autouse=True)
def on_time_all_day(settings):
    """Check-ins happen when the tests run: a day's grace keeps them on time
    (test_training_rules.py sets arrival times and the grace it tests)."""
    settings.TRAINING_RULES = {
        **settings.TRAINING_RULES,
        "LATENESS_GRACE_MINUTES": 24 * 60,
    }


@pytest.fixture
def day(catalog):
    return make_classday(catalog)
