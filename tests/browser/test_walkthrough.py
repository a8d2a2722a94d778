import re

import pytest

from .conftest import assert_accessible, open_menu

pytestmark = pytest.mark.browser


def test_home_to_catalog_to_course_to_public_handout(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"
    assert_accessible(page)

    open_menu(page)
    page.get_by_role("navigation", name="主選單").get_by_role(
        "link", name="課程總覽"
    ).click()
    page.wait_for_url(re.compile(r"/catalog/$"))
    assert_accessible(page)

    page.get_by_label("類別").select_option(label="語文學習")
    page.get_by_role("button", name="套用篩選").click()
    page.wait_for_url(re.compile(r"category=language"))
    cards = page.locator(".course-card")
    assert cards.count() == 5
    assert_accessible(page)

    page.get_by_role("link", name="夜間日語初級班").click()
    page.wait_for_url(re.compile(r"/catalog/b\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "夜間日語初級班"
    assert page.get_by_role("heading", name="班期", exact=True).is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("課程簡介")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_switch_to_english_and_back(page, base_url):
    page.goto(base_url + "/catalog/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/catalog/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Delivery mode").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="繁體中文").click()
    page.wait_for_url(re.compile(r"/catalog/$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hant-TW"


def test_enrolled_handout_asks_anonymous_visitors_to_sign_in(page, base_url):
    page.goto(base_url + "/catalog/b00491/")
    link = page.get_by_role("link", name="登入後下載").first
    link.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("帳號").fill("trainee")
    page.get_by_label("密碼").fill("demo-pass-2026")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(r"/catalog/b00491/$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("課程講義")).first.click()
    assert download_info.value.suggested_filename.endswith(".pdf")


def test_open_course_shows_its_timetable(page, base_url):
    page.goto(base_url + "/catalog/?open=on")
    page.locator(".course-card h3 a").first.click()
    page.wait_for_url(re.compile(r"/catalog/b\d+/$"))
    timetable = page.locator(".timetable").first
    assert timetable.is_visible()
    assert timetable.locator("tbody tr").count() >= 1
    assert_accessible(page)


def test_search_finds_part_of_a_chinese_title_and_offers_suggestions(page, base_url):
    page.goto(base_url + "/search/")
    box = page.get_by_label("關鍵字")
    box.fill("日語")
    # A locator, not wait_for_function: the page's policy forbids eval.
    page.locator("#search-suggestions option").first.wait_for(
        state="attached", timeout=5000
    )
    box.press("Enter")
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("link", name="夜間日語初級班", exact=True).is_visible()
    assert page.get_by_role("heading", name="講義").is_visible()
    assert_accessible(page)
