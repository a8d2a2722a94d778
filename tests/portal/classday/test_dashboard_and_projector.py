"""The organizer's morning: the dashboard panel of today's and this week's
classes, its bounded queries, the class-day screen's layout fixes and the
projector view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.catalog.models import SessionStatus
from portal.accounts.roles import EDITORS, ORGANIZERS
from portal.classday import selectors, services
from portal.classday.models import (
    ClassDaySettings,
    LeaveRequest,
    MealChoice,
    VoteStatus,
)
from tests.factories.catalog import make_course, make_session
from tests.factories.users import PASSWORD, make_user

from .conftest import make_classday

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def morning(catalog):
    """Today's class with meals, one arrival, a pending leave and an open vote;
    a class in three days, one next month and a cancelled one today."""
    today = timezone.localdate()
    day = make_classday(
        catalog,
        code="M00001",
        serves_meals=True,
        meal_deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    session, organizer = day["session"], day["organizer"]
    alice, bob = day["enrolments"]["alice"], day["enrolments"]["bob"]
    services.checkin_mark(enrolment=alice, actor=organizer, reason="忘了帶手機")
    LeaveRequest.objects.create(enrolment=bob, date=today, reason="看診")
    MealChoice.objects.create(
        enrolment=alice, session=session, date=today, meal="vegetarian"
    )
    services.vote_open(
        session=session, question="最佳簡報", options=["甲組", "乙組"], actor=organizer
    )
    closed = services.vote_open(
        session=session, question="舊投票", options=["是", "否"], actor=organizer
    )
    services.vote_set_status(vote=closed, status=VoteStatus.CLOSED, actor=organizer)
    course = make_course(catalog, title="政策溝通研習班")
    soon = make_session(course, code="W00001", start=today + datetime.timedelta(3))
    make_session(course, code="L00001", start=today + datetime.timedelta(30))
    make_session(course, code="X00001", start=today, status=SessionStatus.CANCELLED)
    return {**day, "soon": soon}


def test_the_week_selector_counts_today_and_lists_the_week(morning):
    week = selectors.organizer_week(viewer=morning["organizer"])
    assert [s.code for s in week["today"]] == ["M00001"]
    assert [s.code for s in week["week"]] == ["W00001"]  # not next month, not cancelled
    today = week["today"][0]
    assert (today.arrivals_today, today.selected_count) == (1, 2)
    assert (today.pending_leave, today.open_votes) == (1, 1)  # the closed vote is not
    assert today.serves_meals
    assert (today.meals_vegetarian, today.meals_regular, today.meals_unknown) == (
        1,
        0,
        1,
    )
    assert selectors.organizer_week(viewer=morning["hr"].user) == {
        "today": [],
        "week": [],
    }


def test_the_week_selector_queries_do_not_grow_with_the_sessions(catalog):
    today = timezone.localdate()
    organizer = make_user("organizer", ORGANIZERS)
    course = make_course(catalog)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            week = selectors.organizer_week(viewer=organizer)
        return len(captured), len(week["today"]) + len(week["week"])

    ClassDaySettings.objects.create(
        session=make_session(course, start=today, timetable=2), serves_meals=False
    )
    queries()  # the viewer's roles are read once and kept on the user
    one = queries()
    for offset in range(4):
        make_session(course, start=today + datetime.timedelta(offset), timetable=1)
    five = queries()
    assert (one[1], five[1]) == (1, 5)
    assert five[0] == one[0]


def test_the_dashboard_shows_the_panel_to_organizers_only(client, morning):
    _login(client, morning["organizer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "organizer-week" in html
    assert "公文寫作實務班" in html and "M00001" in html and "W00001" in html
    assert reverse("classday_screen", args=[morning["session"].pk]) in html
    assert reverse("session_roster", args=[morning["session"].pk]) in html
    assert "L00001" not in html and "X00001" not in html
    editor = make_user("editor", EDITORS)
    _login(client, editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "organizer-week" not in html and "M00001" not in html


def test_the_screen_puts_the_qr_code_first_and_styles_its_inputs(client, morning):
    _login(client, morning["organizer"])
    html = client.get(
        reverse("classday_screen", args=[morning["session"].pk])
    ).content.decode()
    assert "autofocus" not in html  # the kiosk field no longer scrolls the page
    assert html.index("data-qr ") < html.index('name="action" value="kiosk"')
    assert reverse("classday_projector", args=[morning["session"].pk]) in html
    for name in ("reason", "seat", "note", "question"):
        assert f'type="text" name="{name}"' in html, name
    # Vote buttons say what they do: the open vote offers closing and publishing.
    assert "Close the vote" in html or "結束投票" in html
    assert ">Closed<" not in html and ">已結束<" not in html


def test_the_projector_shows_the_code_the_title_and_the_arrivals(client, morning):
    url = reverse("classday_projector", args=[morning["session"].pk])
    _login(client, morning["organizer"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "公文寫作實務班" in html and "data-qr-fill" in html
    assert reverse("classday_qr", args=[morning["session"].pk]) in html
    assert response.context["checked_in"] == 1 and response.context["selected"] == 2
    assert "Kiosk" not in html and "national_id" not in html  # nothing personal
    _login(client, morning["hr"].user)
    assert client.get(url).status_code in (302, 403, 404)
