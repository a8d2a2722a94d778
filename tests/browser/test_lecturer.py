"""The demo lecturer on a small phone (360 x 740): teaching, profile, fees and a
statement pass axe-core, nothing scrolls sideways but the tables' own regions,
and a statement waiting for confirmation is confirmed through the page."""

import re

import pytest

from .conftest import _new_context, assert_accessible
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(browser):
    context = _new_context(browser, viewport=SMALL_PHONE, locale="zh-TW")
    page = context.new_page()
    yield page
    context.close()


def _fits_the_screen(page):
    """The page itself does not scroll sideways at 360 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """(limit) => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > limit)
            .slice(0, 5)
            .map((el) => el.tagName + "." + el.className + " " +
                 Math.round(el.getBoundingClientRect().right))""",
        SMALL_PHONE["width"],
    )
    assert width <= SMALL_PHONE["width"], f"{page.url} is {width}px wide: {wide}"


def _check(page, url):
    page.goto(url)
    page.wait_for_load_state()
    _fits_the_screen(page)
    assert_accessible(page)


def test_lecturer_pages_on_a_small_phone(small_phone, base_url):
    page = small_phone
    _sign_in(page, base_url, "lecturer")
    _check(page, base_url + "/lecturer/")
    assert page.get_by_role("heading", name="我的授課", level=1).is_visible()
    _check(page, base_url + "/lecturer/profile/")
    assert "700-****-****5678" in page.locator("main").inner_text()
    _check(page, base_url + "/lecturer/fees/")
    statements = page.locator('main a[href*="/lecturer/fees/"]')
    assert statements.count() >= 2
    for href in {statements.nth(i).get_attribute("href") for i in range(2)}:
        _check(page, base_url + href)
        assert page.get_by_role("heading", name="請款單", level=1).is_visible()
    _check(page, base_url + "/lecturer/materials/")
    _check(page, base_url + "/lecturer/authorizations/")
    signed = page.locator('main a[href*="/lecturer/authorizations/"]')
    for href in {signed.nth(i).get_attribute("href") for i in range(signed.count())}:
        _check(page, base_url + href)

    # A wrong change of bank account: the errors are announced and tied to
    # their fields, and the page still passes.
    page.goto(base_url + "/lecturer/profile/")
    page.get_by_label("銀行代碼").fill("7")
    page.get_by_label("分行代碼").fill("0001")
    page.get_by_label("帳號", exact=True).fill("00012345678")
    page.get_by_label("戶名").fill("吳講座")
    page.get_by_role("button", name="變更匯款帳戶").click()
    page.wait_for_load_state()
    field = page.get_by_label("銀行代碼")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    texts = [page.locator(f"#{one}").inner_text() for one in described]
    assert any("銀行代碼為 3 位數字" in text for text in texts), texts
    _fits_the_screen(page)
    assert_accessible(page)


def test_lecturer_confirms_a_pending_statement_on_a_small_phone(small_phone, base_url):
    page = small_phone
    _sign_in(page, base_url, "lecturer")
    page.goto(base_url + "/lecturer/fees/")
    to_confirm = page.locator("section", has=page.locator("#confirm-heading"))
    card = to_confirm.locator("li.card", has_text="待確認").first
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/lecturer/fees/\d+/$"))
    statement_url = page.url
    assert_accessible(page)

    # Without the consent the form comes back with the error tied to the box.
    page.get_by_role("button", name="確認請款單").click()
    page.wait_for_load_state()
    consent = page.get_by_label("金額無誤，且此帳戶為本人個人帳戶，非公司帳戶。")
    assert consent.get_attribute("aria-invalid") == "true"
    error_id = consent.get_attribute("aria-describedby")
    assert "個人帳戶" in page.locator(f"#{error_id}").inner_text()
    _fits_the_screen(page)
    assert_accessible(page)

    consent.check()
    page.get_by_role("button", name="確認請款單").click()
    page.wait_for_url(statement_url)
    assert "謝謝您，請款單已確認。" in page.get_by_role("status").inner_text()
    assert page.locator("main .badge").first.inner_text() == "已確認"
    assert page.get_by_role("button", name="確認請款單").count() == 0
    assert_accessible(page)
