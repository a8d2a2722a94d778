import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.catalog import services
from cms.catalog.models import Session, SessionStatus
from portal.accounts import roles
from tests.factories.catalog import make_course, make_session, make_venue
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 12, 7)


def _unsaved(course, **fields):
    defaults = {
        "course": course,
        "code": "B09999",
        "term": 1,
        "start_date": START,
        "end_date": START + datetime.timedelta(days=2),
        "capacity": 30,
        "registration_opens": datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        "registration_closes": datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
    }
    defaults.update(fields)
    return Session(**defaults)


def test_end_before_start_is_refused_with_a_field_error(catalog):
    session = _unsaved(
        make_course(catalog), end_date=START - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "end_date" in excinfo.value.message_dict


def test_registration_must_close_after_it_opens(catalog):
    session = _unsaved(
        make_course(catalog),
        registration_closes=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "registration_closes" in excinfo.value.message_dict


def test_capacity_over_the_rooms_is_refused(catalog):
    venue = make_venue(capacity=24)
    session = _unsaved(make_course(catalog), venue=venue, capacity=30)
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    (error,) = excinfo.value.error_dict["capacity"]
    assert (error.code, error.params["venue_capacity"]) == ("over_venue_capacity", 24)


def test_overlapping_booking_of_one_room_is_refused(catalog):
    venue = make_venue()
    course = make_course(catalog)
    existing = make_session(course, start=START, days=3, venue=venue, code="B00001")
    clash = _unsaved(
        course,
        venue=venue,
        start_date=START + datetime.timedelta(days=2),
        end_date=START + datetime.timedelta(days=4),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.session_save(session=clash)
    (error,) = excinfo.value.error_dict["venue"]
    assert (error.code, error.params["code"]) == ("venue_booked", existing.code)
    assert not Session.objects.filter(code="B09999").exists()


def test_adjacent_bookings_and_cancelled_sessions_do_not_clash(catalog):
    venue = make_venue()
    course = make_course(catalog)
    make_session(course, start=START, days=3, venue=venue, code="B00001")
    make_session(
        course,
        start=START + datetime.timedelta(days=3),
        venue=venue,
        code="B00002",
        status=SessionStatus.CANCELLED,
    )
    next_day = _unsaved(
        course,
        venue=venue,
        start_date=START + datetime.timedelta(days=3),
        end_date=START + datetime.timedelta(days=3),
    )
    services.session_save(session=next_day)
    assert next_day.pk is not None


def test_same_dates_in_another_room_are_fine(catalog):
    course = make_course(catalog)
    make_session(course, start=START, days=3, venue=make_venue(), code="B00001")
    other = _unsaved(course, venue=make_venue())
    services.session_save(session=other)
    assert other.pk is not None


def _admin_post_data(course, venue, **overrides):
    data = {
        "course": course.pk,
        "code": "B07777",
        "term": "1",
        "start_date": START.isoformat(),
        "end_date": (START + datetime.timedelta(days=1)).isoformat(),
        "venue": venue.pk,
        "capacity": "30",
        "registration_opens": "2026-11-01 09:00",
        "registration_closes": "2026-11-30 17:00",
        "delivery_mode": "",
        "status": "open",
        "livestream_url": "",
        "selection_mode": "first_come",
        "agency_quotas": inline_formset([]),
        "timetable": inline_formset(
            [
                {
                    "date": START.isoformat(),
                    "start_time": "09:30",
                    "end_time": "12:30",
                    "topic": "開訓與課程介紹",
                    "lecturer": "",
                }
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_organizer_creates_a_session_with_timetable_in_the_admin(client, catalog):
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    course, venue = make_course(catalog), make_venue()
    response = client.post(
        reverse("wagtailsnippets_catalog_session:add"), _admin_post_data(course, venue)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(code="B07777")
    assert [e.topic for e in session.timetable.all()] == ["開訓與課程介紹"]


def test_admin_shows_double_booking_as_a_form_error_and_keeps_input(client, catalog):
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    course, venue = make_course(catalog), make_venue()
    make_session(course, start=START, days=2, venue=venue, code="B00001")
    response = client.post(
        reverse("wagtailsnippets_catalog_session:add"), _admin_post_data(course, venue)
    )
    assert response.status_code == 200
    assert "B00001" in response.content.decode()
    assert response.context["form"]["code"].value() == "B07777"
    assert not Session.objects.filter(code="B07777").exists()


def test_timetable_period_outside_the_session_dates_is_refused(client, catalog):
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    course, venue = make_course(catalog), make_venue()
    data = _admin_post_data(course, venue)
    data["timetable-0-date"] = (START + datetime.timedelta(days=10)).isoformat()
    response = client.post(reverse("wagtailsnippets_catalog_session:add"), data)
    assert response.status_code == 200
    assert not Session.objects.filter(code="B07777").exists()
