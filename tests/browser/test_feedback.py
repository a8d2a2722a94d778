"""Suggestions and replies on a small phone (360 x 740): the public board shows
the demo's published questions without names, the demo trainee's page shows
their suggestions with status and replies, and the form keeps what was typed
when it is refused; axe-core on every page, nothing scrolls sideways."""

import re

import pytest

from .conftest import _new_context, assert_accessible
from .test_lecturer import SMALL_PHONE, _fits_the_screen
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_360(browser):
    context = _new_context(browser, viewport=SMALL_PHONE, locale="zh-TW")
    page = context.new_page()
    yield page
    context.close()


def _check(page):
    page.wait_for_load_state()
    _fits_the_screen(page)
    assert_accessible(page)


def test_the_board_my_suggestions_and_sending_one_on_a_small_phone(phone_360, base_url):
    page = phone_360
    page.goto(base_url + "/feedback/")
    _check(page)
    main = page.locator("main")
    text = main.inner_text()
    assert "希望增加實作練習時間" in text and "延長為 1 小時" in text
    # The demo trainee wrote their name and phone; the board shows neither.
    assert "王小明" not in text and "0912-345-678" not in text
    assert main.locator("article").count() == 3

    _sign_in(page, base_url, "trainee2")
    page.goto(base_url + "/my/feedback/")
    _check(page)
    assert "教室冷氣太冷" in main.inner_text()
    assert main.locator("article").count() == 2

    page.goto(base_url + "/my/feedback/new/")
    _check(page)
    page.locator("#id_topic").select_option("website")
    page.locator("#id_body").fill("手機上的按鈕太小，不容易點選。")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_body").input_value() == "手機上的按鈕太小，不容易點選。"
    assert page.locator("#id_topic").input_value() == "website"
    assert page.locator("#id_subject").get_attribute("aria-invalid") == "true"
    _check(page)

    page.locator("#id_subject").fill("按鈕太小")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/feedback/$"))
    assert page.get_by_role("status").first.is_visible()
    assert "按鈕太小" in main.inner_text()
    assert main.locator("article").count() == 3
    _check(page)
