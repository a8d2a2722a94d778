import datetime

import pytest
from django.utils import timezone

from cms.catalog import selectors
from cms.catalog.forms import CatalogFilterForm
from cms.catalog.models import Session, SessionStatus
from tests.factories.catalog import make_course, make_session

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_open_for_registration_is_one_rule_for_queries_and_instances(catalog):
    course = make_course(catalog)
    now = timezone.now()
    opens, closes = now - 2 * DAY, now + 2 * DAY
    for status in (SessionStatus.OPEN, SessionStatus.PLANNED, SessionStatus.FULL):
        make_session(
            course,
            status=status,
            registration_opens=opens,
            registration_closes=closes,
        )
    moments = [opens - DAY, opens, now, closes, closes + DAY]
    for at in moments:
        in_query = set(
            Session.objects.open_for_registration(at).values_list("pk", flat=True)
        )
        in_python = {
            s.pk for s in Session.objects.all() if s.open_for_registration_at(at)
        }
        assert in_query == in_python, at
    open_now = Session.objects.open_for_registration().get()
    assert open_now.status == SessionStatus.OPEN
    assert open_now.is_open_for_registration
    assert not Session.objects.open_for_registration(closes + DAY).exists()
    # The window's ends are inclusive.
    assert open_now.open_for_registration_at(opens)
    assert open_now.open_for_registration_at(closes)


def test_an_unsaved_session_that_is_not_open_needs_no_dates():
    assert not Session(status=SessionStatus.PLANNED).open_for_registration_at(
        timezone.now()
    )


def test_upcoming_sessions_include_running_ones_and_never_cancelled(catalog):
    course = make_course(catalog)
    today = timezone.localdate()
    running = make_session(course, start=today - DAY, days=3)
    later = make_session(course, start=today + 10 * DAY)
    make_session(course, start=today + 5 * DAY, status=SessionStatus.CANCELLED)
    over = [make_session(course, start=today - n * 10 * DAY) for n in (1, 2, 3)]
    assert list(selectors.session_list_for_course(course=course)) == [running, later]
    past = selectors.past_session_list(course=course, limit=2)
    assert past == over[:2]
    assert past[0].past_total == 3
    (listed,) = selectors.with_upcoming_sessions(selectors.course_list())
    assert listed.upcoming_sessions == [running, later]


def test_venue_conflicts_skip_cancelled_sessions_and_the_session_itself(catalog):
    from tests.factories.catalog import make_venue

    course, venue = make_course(catalog), make_venue()
    start = timezone.localdate() + 30 * DAY
    session = make_session(course, start=start, days=3, venue=venue)
    make_session(
        course, start=start, venue=venue, status=SessionStatus.CANCELLED, code="C1"
    )
    assert not Session.objects.venue_conflicts(session).exists()
    clash = Session(venue=venue, start_date=start + 2 * DAY, end_date=start + 4 * DAY)
    assert list(Session.objects.venue_conflicts(clash)) == [session]


def test_filter_form_gives_the_selector_filters_or_none_when_invalid():
    month = timezone.localdate().replace(day=1)
    form = CatalogFilterForm(
        {"mode": "online", "month": f"{month:%Y-%m}", "open": "on"}, categories=[]
    )
    assert form.selector_filters() == {
        "category": None,
        "mode": "online",
        "month": month,
        "open_only": True,
    }
    assert (
        CatalogFilterForm({"month": "1999-99"}, categories=[]).selector_filters() == {}
    )
    assert CatalogFilterForm(categories=[]).selector_filters() == {}
