"""A trainee on a 360 px phone opens My certificates from the menu, downloads a
certificate (a PDF) and opens its public verification page; axe-core is clean
on both pages."""

import re

import pytest

from .conftest import _new_context, assert_accessible, open_menu
from .test_people_pages import _sign_in

pytestmark = pytest.mark.browser

NARROW_PHONE = {"width": 360, "height": 780}


@pytest.fixture
def narrow_phone(browser):
    context = _new_context(
        browser, viewport=NARROW_PHONE, accept_downloads=True, locale="zh-TW"
    )
    page = context.new_page()
    yield page
    context.close()


def _fits(page):
    """Nothing wider than the screen: no sideways scrolling of the page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW_PHONE["width"], (page.url, width)


def test_a_trainee_downloads_and_verifies_a_certificate_on_a_phone(
    narrow_phone, base_url
):
    page = narrow_phone
    _sign_in(page, base_url, "trainee")
    open_menu(page)
    page.get_by_role("navigation", name="個人專區").locator(
        'a[href="/my/certificates/"]'
    ).click()
    page.wait_for_url(re.compile(r"/my/certificates/$"))
    main = page.locator("main")
    assert re.search(r"C\d{4}-\d{6}", main.inner_text())
    _fits(page)
    assert_accessible(page)

    with page.expect_download() as download:
        main.locator('a[href$="/pdf/"]').first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    main.locator('a[href*="/certificates/verify/"]').first.click()
    page.wait_for_url(re.compile(r"/certificates/verify/C\d{4}-\d{6}-[A-Z2-7]{16}/$"))
    text = main.inner_text()
    number = re.search(r"C\d{4}-\d{6}", page.url).group(0)
    assert number in text
    assert page.get_by_role("status").first.is_visible()
    _fits(page)
    assert_accessible(page)
