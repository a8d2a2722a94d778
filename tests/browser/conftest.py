"""A real server on loopback with the demo data, driven by Debian's Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


# The test server's environment, for ``manage`` (set by ``base_url``).
_SERVER_ENV: dict = {}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    """Migrate and seed a fresh SQLite database, then serve it on a free port."""
    var = tmp_path_factory.mktemp("browser-var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DJANGO_VAR_DIR=str(var),
        DJANGO_MEDIA_ROOT=str(var / "media"),
    )
    _SERVER_ENV.clear()
    _SERVER_ENV.update(env)
    # The worker runs the queued work (search index, references) as `make run`'s does.
    worker = ["db_worker", "--batch", "--queue-name", "*", "--no-startup-delay"]
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"], worker):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError(
            f"the test server did not start: {(var / 'server.log').read_text()}"
        )
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def manage(base_url):
    """Run a management command on the test server's database (set-up that no
    page offers, such as a shift under way whatever the hour the test runs)."""

    def run(*args) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=_SERVER_ENV,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    return run


CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _new_context(browser, **options):
    """A browser context that records what the Content-Security-Policy blocks."""
    context = browser.new_context(**options)
    context.add_init_script(CSP_WATCH)
    return context


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = _new_context(
        browser,
        viewport=VIEWPORTS[request.param],
        accept_downloads=True,
        locale="zh-TW",
    )
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def assert_accessible(page):
    """Run axe-core's WCAG 2.1 A/AA rules on the page; fail with what it found."""
    # The site's policy refuses inline scripts, so axe-core is evaluated through
    # the DevTools protocol, which the policy does not govern, not a script tag.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    blocked = page.evaluate("window.__cspViolations || []")
    assert not blocked, f"Content-Security-Policy blocked on {page.url}: {blocked}"
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations']
        })"""
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"axe-core violations on {page.url}:\n" + "\n".join(problems)


@pytest.fixture
def phone(browser):
    """A phone-sized page, for walks that change data and so run once."""
    context = _new_context(
        browser, viewport=VIEWPORTS["phone"], accept_downloads=True, locale="zh-TW"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def second_page(browser):
    """Another person's browser, beside ``phone``."""
    context = _new_context(browser, viewport=VIEWPORTS["desktop"], locale="zh-TW")
    page = context.new_page()
    yield page
    context.close()


def open_menu(page):
    """Unfold the phone header's menu (on wide screens it is always open)."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
