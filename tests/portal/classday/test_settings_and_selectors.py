"""Class-day settings and seat plans (classday's own models), the class-day
selectors both faces read, and meals saved all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal.classday import selectors, services
from portal.classday.models import (
    ClassDaySettings,
    MealChoice,
    SeatAssignment,
    SeatPlan,
    seat_numbers,
    seat_position,
)
from tests.factories.catalog import make_course, make_session, make_venue
from tests.factories.users import PASSWORD, make_user

from .conftest import make_classday

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_a_session_without_settings_runs_with_the_defaults(day):
    settings = ClassDaySettings.for_session(day["session"])
    assert settings.pk is None
    assert settings.seat_assignment == SeatAssignment.AT_CHECKIN
    assert not settings.serves_meals and not settings.meals_open()
    # The unsaved defaults are not cached on the session as if they were its row.
    assert not ClassDaySettings.objects.exists()
    with pytest.raises(ClassDaySettings.DoesNotExist):
        day["session"].class_day_settings  # noqa: B018
    with pytest.raises(ValidationError) as refused:
        services.meal_choices_save(
            enrolment=day["enrolments"]["alice"],
            user=day["alice"].user,
            choices={_today(): "regular"},
        )
    assert refused.value.code == "no_meals"


def test_meals_need_a_deadline(day):
    settings = ClassDaySettings(session=day["session"], serves_meals=True)
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "meal_deadline" in refused.value.error_dict


def test_a_seat_plan_skips_the_seats_not_in_use_and_checks_them(catalog):
    venue = make_venue(capacity=12)
    plan = SeatPlan(venue=venue, rows=2, seats_per_row=4, seats_unavailable="2, 7")
    plan.full_clean()
    assert plan.seat_numbers() == [1, 3, 4, 5, 6, 8]
    assert plan.seat_position(6) == (2, 2)
    plan.seats_unavailable = "9"
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert "seats_unavailable" in refused.value.error_dict


def test_without_a_plan_seats_are_numbered_up_to_the_room_or_session(catalog):
    course = make_course(catalog)
    in_room = make_session(course, venue=make_venue(capacity=5), capacity=3)
    assert seat_numbers(in_room) == [1, 2, 3, 4, 5]
    assert seat_position(in_room, 2) is None
    nowhere = make_session(course, capacity=2)
    assert seat_numbers(nowhere) == [1, 2]
    assert seat_position(nowhere, 1) is None


def test_the_class_day_of_an_enrolment(day):
    services.checkin_scan(
        token=services.checkin_token(session=day["session"]), user=day["alice"].user
    )
    vote = services.vote_open(
        session=day["session"], question="最佳簡報", options=["甲", "乙"],
        actor=day["organizer"],
    )  # fmt: skip
    enrolment = selectors.my_enrolment(
        user=day["alice"].user, session_id=day["session"].pk
    )
    today = selectors.class_day_get(enrolment=enrolment)
    assert today.date == _today() and today.checkin is not None
    assert today.seat == 2 and today.seat_position == (1, 2)
    assert [e.topic for e in today.timetable] == ["第 1 天"]
    assert today.votes == [vote] and not today.meals_open and today.meals == {}
    bob = selectors.my_enrolment(user=day["bob"].user, session_id=day["session"].pk)
    assert selectors.class_day_get(enrolment=bob).checkin is None
    with pytest.raises(Http404):
        selectors.my_enrolment(user=day["outsider"].user, session_id=day["session"].pk)


def test_arrivals_list_seated_trainees_first(day):
    services.checkin_scan(
        token=services.checkin_token(session=day["session"]), user=day["bob"].user
    )
    rows = selectors.arrival_list(session=day["session"])
    assert [(r["seat"], r["checkin"] is not None) for r in rows] == [
        (2, True),
        (None, False),
    ]
    assert rows[0]["enrolment"] == day["enrolments"]["bob"]


def test_a_vote_is_found_only_for_who_runs_its_session(day, catalog):
    vote = services.vote_open(
        session=day["session"], question="最佳簡報", options=["甲", "乙"],
        actor=day["organizer"],
    )  # fmt: skip
    assert selectors.vote_get(viewer=day["organizer"], pk=vote.pk) == vote
    other = make_classday(catalog, code="C00002", agencies=day["agencies"], prefix="x")
    with pytest.raises(Http404):
        selectors.vote_get(
            viewer=day["organizer"], pk=vote.pk, session=other["session"]
        )
    with pytest.raises(Http404):
        selectors.vote_get(viewer=day["alice"].user, pk=vote.pk)


def _two_day_meals(catalog):
    return make_classday(
        catalog,
        days=2,
        serves_meals=True,
        meal_deadline=timezone.now() + datetime.timedelta(hours=1),
    )


def test_meal_choices_are_saved_all_or_none(catalog):
    day = _two_day_meals(catalog)
    enrolment, user = day["enrolments"]["alice"], day["alice"].user
    first, second = day["session"].class_days()
    with pytest.raises(ValidationError) as refused:
        services.meal_choices_save(
            enrolment=enrolment, user=user,
            choices={first: "vegetarian", second: "lobster"},
        )  # fmt: skip
    assert "meal" in refused.value.error_dict
    assert not MealChoice.objects.exists()
    services.meal_choices_save(
        enrolment=enrolment, user=user,
        choices={first: "vegetarian", second: "regular"},
    )  # fmt: skip
    assert selectors.my_meals(enrolment=enrolment) == {
        first: "vegetarian",
        second: "regular",
    }


def test_a_meal_write_failing_half_way_leaves_the_earlier_ones_unsaved(
    catalog, monkeypatch
):
    day = _two_day_meals(catalog)
    first, second = day["session"].class_days()
    original = MealChoice.objects.update_or_create.__func__
    calls = []

    def failing(manager, *args, **kwargs):
        calls.append(kwargs["date"])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return original(manager, *args, **kwargs)

    monkeypatch.setattr(type(MealChoice.objects), "update_or_create", failing)
    with pytest.raises(RuntimeError):
        services.meal_choices_save(
            enrolment=day["enrolments"]["alice"], user=day["alice"].user,
            choices={first: "vegetarian", second: "regular"},
        )  # fmt: skip
    assert calls == [first, second]
    assert not MealChoice.objects.exists()


def test_the_meals_form_saves_nothing_when_one_day_is_refused(client, catalog):
    day = _two_day_meals(catalog)
    first, second = day["session"].class_days()
    assert client.login(username=day["alice"].user.username, password=PASSWORD)
    page = reverse("classday:day", args=[day["session"].pk])
    response = client.post(
        page,
        {
            "action": "meals",
            f"meal-{first.isoformat()}": "vegetarian",
            f"meal-{second.isoformat()}": "lobster",
        },
    )
    assert response.status_code == 200  # the page again, with the error
    assert not MealChoice.objects.exists()


def test_the_class_day_screen_links_to_the_sessions_settings(client, day):
    assert client.login(username=day["organizer"].username, password=PASSWORD)
    screen = reverse("classday_screen", args=[day["session"].pk])
    add = reverse("wagtailsnippets_classday_classdaysettings:add")
    assert f"{add}?session={day['session'].pk}" in client.get(screen).content.decode()
    form = client.get(add, {"session": day["session"].pk})
    assert form.status_code == 200
    assert form.context["form"].initial["session"] == day["session"].pk
    settings = ClassDaySettings.objects.create(
        session=day["session"], seat_assignment=SeatAssignment.ON_SELECTION
    )
    edit = reverse("wagtailsnippets_classday_classdaysettings:edit", args=[settings.pk])
    assert edit in client.get(screen).content.decode()


def test_organizers_set_meals_and_editors_seat_plans_in_the_admin(client, day):
    add = reverse("wagtailsnippets_classday_classdaysettings:add")
    data = {"session": day["session"].pk, "seat_assignment": "checkin"}
    assert client.login(username=day["organizer"].username, password=PASSWORD)
    refused = client.post(add, {**data, "serves_meals": "on"})
    assert refused.status_code == 200 and not ClassDaySettings.objects.exists()
    deadline = (timezone.localtime() + datetime.timedelta(hours=2)).strftime(
        "%Y-%m-%d %H:%M"
    )
    saved = client.post(add, {**data, "serves_meals": "on", "meal_deadline": deadline})
    assert saved.status_code == 302
    assert ClassDaySettings.for_session(day["session"]).meals_open()
    client.logout()
    make_user("seat_editor", "Editors")
    assert client.login(username="seat_editor", password=PASSWORD)
    venue = make_venue(capacity=30)
    response = client.post(
        reverse("wagtailsnippets_classday_seatplan:add"),
        {"venue": venue.pk, "rows": "5", "seats_per_row": "6", "seats_unavailable": ""},
    )
    assert response.status_code == 302
    assert SeatPlan.objects.get(venue=venue).seat_numbers()[-1] == 30
