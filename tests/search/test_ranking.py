import datetime

import pytest
from django.utils import timezone

from cms.catalog.models import SessionStatus
from search.selectors import course_search
from tests.factories.catalog import make_category, make_course, make_session

pytestmark = pytest.mark.django_db


def _titles(query):
    return [course.title for course in course_search(query=query)]


def test_title_match_ranks_above_summary_match_above_body(catalog):
    category = make_category(name="綜合", slug="misc")
    make_course(catalog, title="會議管理班", summary="本課程介紹會議。", category=category,
                audience="需要主持專案的同仁")  # fmt: skip
    make_course(
        catalog, title="溝通技巧班", summary="學習專案溝通。", category=category
    )
    make_course(
        catalog, title="專案管理實務班", summary="規劃與執行。", category=category
    )
    assert _titles("專案") == ["專案管理實務班", "溝通技巧班", "會議管理班"]


def test_open_course_moves_above_an_equally_relevant_past_one(catalog):
    category = make_category(name="資訊", slug="it")
    past = make_course(
        catalog, title="資料分析甲班", summary="資料分析", category=category
    )
    open_course = make_course(
        catalog, title="資料分析乙班", summary="資料分析", category=category
    )
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    closed = timezone.now() - datetime.timedelta(days=230)
    make_session(past, start=long_ago, status=SessionStatus.CLOSED, code="P00001",
                 registration_opens=closed - datetime.timedelta(days=10),
                 registration_closes=closed)  # fmt: skip
    make_session(open_course, code="O00001")
    assert _titles("資料分析")[0] == open_course.title


def test_unpublished_courses_never_appear(catalog):
    make_course(catalog, title="資訊安全基礎班")
    make_course(catalog, title="資訊安全進階班", live=False)
    assert _titles("資訊安全") == ["資訊安全基礎班"]
