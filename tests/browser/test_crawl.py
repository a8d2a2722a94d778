"""A signed-in crawl of the site as each role that uses it (trainee, HR officer,
licensee, lecturer) on a 320 px and a 390 px phone and a desktop.

Every page reached from the home page and the pages it links to (one of each
kind) answers below 400 and is no wider than the screen (a table may scroll
inside its own region). At 320 px and on the desktop each also passes axe-core
and is screenshotted under var/screenshots/ for review; at 390 px only the width
is checked again, which keeps the crawl within CI's time.
"""

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from .conftest import ROOT, _new_context, assert_accessible

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "var" / "screenshots"
CRAWL_VIEWPORTS = {
    "320": {"width": 320, "height": 640},
    "390": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
ROLES = ("trainee", "hr_a", "licensee", "lecturer")
MAX_PAGES = 30
CHECKED = {"320", "desktop"}
# Not pages of the site: the admin, the API, files and downloads, exports.
NOT_PAGES = re.compile(
    r"^/(admin|django-admin|api|static|media|documents|images|__)"
    r"|format=|\.(pdf|xlsx|csv|ics|zip|png|jpe?g|svg|xml|txt)$|/download/?$|/file/?$"
)


def _sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill("demo-pass-2026")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(re.compile(r"/$"))


def _pattern(path):
    """Pages that differ only by their identifiers (any part with a digit) or by
    language are the same kind of page."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["en"]:
        parts = parts[1:]
    return "/".join("N" if re.search(r"\d", part) else part for part in parts)


def _links(page, base_url):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    found = []
    for href in hrefs:
        href = urldefrag(href).url
        if not href.startswith(base_url + "/"):
            continue
        parts = urlsplit(href)
        if parts.query or NOT_PAGES.search(parts.path):
            continue
        found.append(parts.path)
    return found


def _goto(page, url):
    """Open ``url``; None when it turns out to be a download, not a page."""
    try:
        return page.goto(url)
    except Exception as error:  # Playwright raises a plain Error for downloads
        if "Download is starting" in str(error):
            return None
        raise


_discovered = {}


def _pages_of(browser, base_url, role):
    """Breadth-first from the home page, one page of each kind, signed in as ``role``."""
    if role in _discovered:
        return _discovered[role]
    context = _new_context(browser, viewport=CRAWL_VIEWPORTS["desktop"], locale="zh-TW")
    page = context.new_page()
    _sign_in(page, base_url, role)
    queue, seen, pages = ["/"], set(), []
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        kind = _pattern(path)
        if kind in seen:
            continue
        seen.add(kind)
        response = _goto(page, base_url + path)
        if response is None:
            continue
        pages.append(path)
        if response.status < 400:
            queue.extend(p for p in _links(page, base_url) if _pattern(p) not in seen)
    context.close()
    _discovered[role] = pages
    return pages


def _wide_elements(page):
    """What sticks out past the screen's right edge, outside scrolling regions."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          const scrolls = (el) => {
            for (let p = el.parentElement; p; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if (o === "auto" || o === "scroll" || o === "hidden") return true;
            }
            return false;
          };
          return [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > limit + 1 && !scrolls(el))
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
        }"""
    )


@pytest.mark.parametrize("viewport", list(CRAWL_VIEWPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_signed_in_crawl_fits_the_screen_and_passes_axe(
    browser, base_url, role, viewport
):
    paths = _pages_of(browser, base_url, role)
    assert len(paths) >= 8, paths
    size = CRAWL_VIEWPORTS[viewport]
    context = _new_context(browser, viewport=size, locale="zh-TW")
    page = context.new_page()
    _sign_in(page, base_url, role)
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    failures = []
    for path in paths:
        response = _goto(page, base_url + path)
        if response is None:
            continue
        if response.status >= 400:
            failures.append(f"{path}: HTTP {response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            failures.append(f"{path}: {width} px wide, {_wide_elements(page)}")
        if viewport not in CHECKED:
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        slug = path.strip("/").replace("/", "_") or "home"
        page.screenshot(
            path=str(folder / f"{role}-{viewport}-{slug}.jpg"),
            full_page=True,
            type="jpeg",
            quality=60,
        )
    context.close()
    assert not failures, "\n".join(failures)


def test_the_phone_menu_folds_and_unfolds(browser, base_url):
    context = _new_context(browser, viewport=CRAWL_VIEWPORTS["320"], locale="zh-TW")
    page = context.new_page()
    _sign_in(page, base_url, "trainee")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 120, header
    toggle = page.get_by_role("button", name="選單")
    assert toggle.get_attribute("aria-expanded") == "false"
    my_classes = page.get_by_role("navigation", name="個人專區").get_by_role(
        "link", name="我的課程"
    )
    assert not my_classes.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert my_classes.is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert not my_classes.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()
