"""One catalog search: the site's pages and the API find and order alike."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cms.catalog.models import DeliveryMode, SessionStatus
from search.selectors import course_match_ids, course_search_list
from tests.factories.catalog import make_category, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def courses(catalog):
    today = timezone.localdate()
    it = make_category(name="資訊科技", slug="it")
    lang = make_category(name="語文", slug="lang")
    analysis = make_course(
        catalog, title="資料分析實務班", summary="資料分析入門", category=it
    )
    python = make_course(
        catalog,
        title="Python 資料處理班",
        summary="用 Python 整理資料",
        category=it,
        delivery_mode=DeliveryMode.ONLINE,
        elearning_url="https://e.example/py",
    )
    report = make_course(
        catalog, title="英文報告寫作班", summary="引用資料撰寫報告", category=lang
    )
    make_course(catalog, title="日語會話班", summary="日常會話", category=lang)
    make_course(catalog, title="未發布資料班", category=it, live=False)
    make_session(analysis, start=today + datetime.timedelta(days=20))
    make_session(
        python,
        start=today + datetime.timedelta(days=10),
        status=SessionStatus.PLANNED,
    )
    make_session(report, start=today + datetime.timedelta(days=40))
    return analysis, python, report


CASES = [
    {"q": "資料"},
    {"q": "資料", "category": "it"},
    {"q": "資料", "open": True},
    {"q": "python 資料"},
    {"q": "報告", "mode": "online"},
    {"q": "*"},
    {},
    {"category": "lang"},
    {"open": True},
]


def _site(client, catalog, params):
    form = {k: ("on" if v is True else v) for k, v in params.items()}
    url = "/search/" if "q" in params else catalog.url
    page_obj = client.get(url, form).context["page_obj"]
    return [course.title for course in page_obj.object_list] if page_obj else []


def _api(api, params):
    query = {k: ("true" if v is True else v) for k, v in params.items()}
    response = api.get("/api/v1/courses/", query)
    assert response.status_code == 200
    return [course["title"] for course in response.json()["results"]]


@pytest.mark.parametrize("params", CASES, ids=lambda p: repr(p))
def test_site_and_api_find_the_same_courses_in_the_same_order(
    client, api, catalog, courses, params
):
    assert _site(client, catalog, params) == _api(api, params)


def test_the_cases_are_not_trivial(client, catalog, courses):
    assert len(_site(client, catalog, {"q": "資料"})) == 3
    assert _site(client, catalog, {"q": "資料", "open": True}) == [
        "資料分析實務班",
        "英文報告寫作班",
    ]


def test_a_query_orders_by_relevance_unless_an_ordering_is_asked(catalog, courses):
    ranked = [c.title for c in course_search_list(query="資料")]
    assert ranked[0] == "資料分析實務班"
    by_title = [c.title for c in course_search_list(query="資料", ordering="-title")]
    assert by_title == sorted(ranked, reverse=True)


def test_without_a_query_open_courses_come_first_then_the_next_session(
    catalog, courses
):
    assert [c.title for c in course_search_list()][:3] == [
        "資料分析實務班",
        "英文報告寫作班",
        "Python 資料處理班",
    ]


def test_a_query_of_symbols_matches_nothing_and_no_query_matches_all(courses):
    assert course_match_ids(query="   ") is None
    assert course_match_ids(query="*") == []
    assert not course_search_list(query="*").exists()
    assert course_search_list(query="").count() == 4
