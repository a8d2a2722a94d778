import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.catalog.models import DeliveryMode, SessionStatus
from portal.accounts import roles
from tests.factories.catalog import make_category, make_course, make_session, make_venue
from tests.factories.handouts import make_handout
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _titles(response):
    return [course.title for course in response.context["page_obj"].object_list]


@pytest.fixture
def courses(catalog):
    today = timezone.localdate()
    it, lang = (
        make_category(name="資訊科技", slug="it"),
        make_category(name="語文", slug="lang"),
    )
    security = make_course(catalog, title="資訊安全基礎班", category=it)
    japanese = make_course(
        catalog,
        title="夜間日語初級班",
        category=lang,
        delivery_mode=DeliveryMode.ONLINE,
        elearning_url="https://e.example/j",
    )
    english = make_course(catalog, title="英語簡報技巧班", category=lang)
    make_course(catalog, title="未發布課程", category=it, live=False)
    make_session(security, start=today + datetime.timedelta(days=40))
    closed = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    make_session(
        japanese,
        start=today + datetime.timedelta(days=70),
        status=SessionStatus.PLANNED,
        registration_opens=closed - datetime.timedelta(days=9),
        registration_closes=closed,
    )
    make_session(
        english,
        start=today + datetime.timedelta(days=40),
        delivery_mode=DeliveryMode.LIVESTREAM,
        status=SessionStatus.CANCELLED,
    )
    return security, japanese, english


def test_catalog_lists_published_courses_open_ones_first(client, catalog, courses):
    response = client.get(catalog.url)
    assert response.status_code == 200
    assert _titles(response)[0] == "資訊安全基礎班"
    assert "未發布課程" not in _titles(response)
    assert len(_titles(response)) == 3


def test_filter_by_category(client, catalog, courses):
    response = client.get(catalog.url, {"category": "lang"})
    assert sorted(_titles(response)) == ["夜間日語初級班", "英語簡報技巧班"]


def test_filter_by_delivery_mode_matches_course_or_session_mode(
    client, catalog, courses
):
    assert _titles(client.get(catalog.url, {"mode": "online"})) == ["夜間日語初級班"]
    assert _titles(client.get(catalog.url, {"mode": "livestream"})) == [
        "英語簡報技巧班"
    ]


def test_filter_by_month_ignores_cancelled_sessions(client, catalog, courses):
    month = timezone.localdate() + datetime.timedelta(days=40)
    response = client.get(catalog.url, {"month": month.strftime("%Y-%m")})
    titles = _titles(response)
    assert "資訊安全基礎班" in titles
    assert "英語簡報技巧班" not in titles


def test_filter_open_for_registration(client, catalog, courses):
    assert _titles(client.get(catalog.url, {"open": "on"})) == ["資訊安全基礎班"]


def test_bad_filter_value_is_reported_and_kept(client, catalog, courses):
    response = client.get(catalog.url, {"month": "1999-99", "category": "it"})
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert "month" in form.errors
    assert form["category"].value() == "it"
    assert 'role="alert"' in response.content.decode()


def test_catalog_paginates(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 2
    category = make_category()
    for i in range(5):
        make_course(catalog, title=f"課程 {i}", category=category)
    response = client.get(catalog.url, {"page": 3})
    assert response.context["page_obj"].number == 3
    assert len(_titles(response)) == 1
    response = client.get(catalog.url, {"page": "abc"})
    assert response.context["page_obj"].number == 1


def test_course_page_shows_sessions_and_timetable(client, catalog):
    course = make_course(catalog, title="公文寫作實務班")
    venue = make_venue(name="201 教室")
    make_session(course, code="B00492", term=1, venue=venue, timetable=2)
    html = client.get(course.url).content.decode()
    assert "B00492" in html and "201 教室" in html
    assert "主題 1" in html and "主題 2" in html


def _build(catalog, n_courses, sessions_per_course, prefix):
    category = make_category()
    venue = make_venue(capacity=100)
    courses = []
    for i in range(n_courses):
        course = make_course(catalog, category=category, title=f"課程 {i}")
        for term in range(sessions_per_course):
            start = timezone.localdate() + datetime.timedelta(
                days=10 + 7 * term + 400 * i
            )
            session = make_session(
                course,
                start=start,
                code=f"{prefix}{i:04d}",
                term=term + 1,
                venue=venue,
                timetable=2,
            )
            make_handout(
                course, session=session, visibility="enrolled", name=f"s{term}.pdf"
            )
        make_handout(course, name="intro.pdf")
        courses.append(course)
    return courses


def _count_queries(client, url):
    client.get(url)  # warm caches that are per process, not per request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.slow
@pytest.mark.parametrize("viewer", [None, "trainee", "organizer"])
def test_catalog_and_course_page_queries_do_not_grow_with_sessions(
    client, catalog, viewer, django_assert_max_num_queries
):
    if viewer:
        make_user(viewer, roles.ORGANIZERS if viewer == "organizer" else roles.TRAINEES)
        client.login(username=viewer, password=PASSWORD)
    small = _build(catalog, 2, 1, "S")
    catalog_small = _count_queries(client, catalog.url)
    course_small = _count_queries(client, small[0].url)
    large = _build(catalog, 10, 6, "L")
    catalog_large = _count_queries(client, catalog.url)
    course_large = _count_queries(client, large[-1].url)
    assert catalog_large == catalog_small
    assert course_large == course_small
    with django_assert_max_num_queries(30):
        client.get(catalog.url)
    with django_assert_max_num_queries(30):
        client.get(large[-1].url)
