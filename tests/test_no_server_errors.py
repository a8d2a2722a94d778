"""Point 8 of the hardening issue: odd input never answers 500.

Identifiers in every URL of the project (huge, negative, NaN, NUL bytes,
unicode digits, very long), the site's forms, the organizer's admin actions
(class-day screen, roster, votes) and the API's query parameters and bodies are
fed odd values by hypothesis; a server error fails the test (the test client
re-raises the view's exception). One world per module keeps it quick.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.core.converters import MAX_ID, parse_id
from portal.classday import services as classday_services
from portal.surveys.models import Questionnaire
from tests.factories.users import make_user
from tests.module_world import module_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ODD = [
    "0",
    "-1",
    "9" * 19,
    "9" * 20,
    str(MAX_ID + 1),
    "1" + "0" * 40,
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e400",
    "1.5",
    "0x10",
    "²",
    "١٢",
    "𝟙",
    "",
    " ",
    "\x00",
    "1\x00",
    "a\x00b",
    "\u202e",
    "資訊",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
    "<script>",
    "%00",
    "a" * 3000,
    "9" * 3000,
]
odd_values = st.one_of(
    st.sampled_from(ODD),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
    st.floats().map(str),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes():
    """(route, converter names) of every URL pattern with typed parameters."""

    def walk(patterns, prefix):
        for item in patterns:
            pattern = item.pattern
            if isinstance(pattern, LocalePrefixPattern):
                part = ""
            elif isinstance(pattern, RoutePattern):
                part = str(pattern)
            else:
                continue  # regular expressions: Django's and Wagtail's own
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, prefix + part)
            elif isinstance(item, URLPattern):
                yield prefix + part

    return [route for route in walk(get_resolver().url_patterns, "") if "<" in route]


ROUTES = _routes()
OURS = [
    route
    for route in ROUTES
    if not route.startswith(("admin/", "django-admin/", "api/v3/", "_util/"))
    and not route.startswith("documents/")
]
# The admin screens our hooks add, and the Wagtail viewsets of our models.
OUR_ADMIN = [
    route
    for route in ROUTES
    if re.match(
        r"admin/(classday|sessions|questionnaires|people|enrolments|records|licenses)/",
        route,
    )
]
HOOK_ADMIN = [
    route
    for route in OUR_ADMIN
    if route.startswith(("admin/classday/", "admin/sessions/", "admin/questionnaires/"))
]
# Every other admin screen with one identifier (pages, snippets, documents ...),
# and Wagtail's pages API.
WAGTAIL_ADMIN = [
    route
    for route in ROUTES
    if route.startswith("admin/")
    and route not in OUR_ADMIN
    and len(CONVERTER.findall(route)) == 1
] + [route for route in ROUTES if route.startswith("api/v3/")]


def _fill(route, value):
    return "/" + CONVERTER.sub(lambda m: quote(value, safe=""), route)


@pytest.fixture
def clients(module_world):
    world = module_world
    result = {}
    for name, user in {
        "alice": world.alice.user,
        "hr_a": world.hr_a.user,
        "organizer": world.organizer,
        "root": make_user("root-fuzz", is_superuser=True, is_staff=True),
    }.items():
        client = Client()
        client.force_login(user)
        result[name] = client
    result["anonymous"] = Client()
    return result


def _ok(response, what):
    assert response.status_code < 500, (what, response.status_code)


# Identifiers in URLs ------------------------------------------------------------


def test_every_project_url_uses_the_bounded_converters():
    """No <int:> or <str:> left in our URLconfs: those let 20-digit ids and NUL
    bytes through to the database."""
    assert OURS and HOOK_ADMIN
    for route in OURS + HOOK_ADMIN:
        for kind, _name in CONVERTER.findall(route):
            assert kind in ("id", "text"), route


def test_parse_id_takes_only_what_a_column_holds():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(5) == 5
    assert parse_id(str(MAX_ID)) == MAX_ID
    for raw in ("", None, "-1", "²", "١٢", "1.0", "NaN", str(MAX_ID + 1), True, -3):
        assert parse_id(raw) is None, raw


@pytest.mark.slow
@pytest.mark.parametrize("value", ["9" * 20, str(MAX_ID + 1), "-1", "\x00", "a\x00"])
def test_odd_identifiers_in_every_url_are_not_found(value, clients):
    for route in OURS + OUR_ADMIN:
        who = "root" if route.startswith("admin/") else "alice"
        response = clients[who].get(_fill(route, value), follow=True)
        _ok(response, route)
        if "<id:" in route:  # no match (404), or a NUL byte refused (400)
            assert response.status_code in (400, 404), route


@pytest.mark.slow
@pytest.mark.parametrize("value", ["9" * 20, "\x00", "1\x00", "abc", "-1"])
def test_odd_identifiers_in_wagtail_admin_urls(value, clients):
    assert len(WAGTAIL_ADMIN) > 50
    for route in WAGTAIL_ADMIN:
        _ok(clients["root"].get(_fill(route, value)), route)


@FUZZ
@given(value=odd_values, index=st.integers(min_value=0))
def test_fuzzed_identifiers_in_urls(value, index, clients):
    route = (OURS + OUR_ADMIN)[index % len(OURS + OUR_ADMIN)]
    who = "root" if route.startswith("admin/") else "hr_a"
    _ok(clients[who].get(_fill(route, value)), route)
    if not route.startswith("admin/"):
        _ok(clients["alice"].post(_fill(route, value), {}), route)


# Site forms ---------------------------------------------------------------------


@pytest.fixture
def vote(module_world, db):
    return classday_services.vote_open(
        session=module_world.session,
        question="午餐？",
        options=["便當", "麵"],
        actor=module_world.organizer,
    )


@FUZZ
@given(value=odd_values, field=st.sampled_from(["option", "csrfmiddlewaretoken"]))
def test_vote_form(value, field, clients, vote):
    _ok(clients["alice"].post(f"/votes/{vote.pk}/", {field: value}), "vote")


@FUZZ
@given(
    value=odd_values,
    action=st.sampled_from(["leave", "meals", "other"]),
    field=st.sampled_from(["leave-date", "leave-hours", "leave-reason", "meal-x"]),
)
def test_trainee_class_day_forms(value, action, field, clients, module_world):
    session = module_world.session
    data = {"action": action, "leave-date": session.start_date.isoformat()}
    data["leave-reason"] = "看病"
    if field == "meal-x":
        field = f"meal-{session.start_date.isoformat()}"
    data[field] = value
    url = f"/my/classes/{session.pk}/day/"
    _ok(clients["alice"].post(url, data), url)


@FUZZ
@given(value=odd_values, field=st.sampled_from(["q", "page", "category", "mode"]))
def test_search_and_catalog_parameters(value, field, clients):
    _ok(clients["anonymous"].get("/search/", {field: value}), "search")
    _ok(clients["anonymous"].get("/search/suggest/", {field: value}), "suggest")


@pytest.mark.slow
@FUZZ
@given(
    value=odd_values,
    field=st.sampled_from(["agency", "name", "year", "status", "session_code", "page"]),
    export=st.sampled_from(["", "xlsx", "csv"]),
)
def test_hr_filters(value, field, export, clients):
    for url in ("/hr/enrolments/", "/hr/hours/"):
        params = {field: value, **({"format": export} if export else {})}
        _ok(clients["hr_a"].get(url, params), url)


@pytest.mark.slow
@FUZZ
@given(
    value=odd_values,
    field=st.sampled_from(["session", "people", "substitute", "reason"]),
)
def test_hr_nomination_and_substitution(value, field, clients, module_world):
    enrolment = module_world.enrolments["alice"]
    _ok(clients["hr_a"].post("/hr/nominate/", {field: value}), "nominate")
    url = f"/hr/enrolments/{enrolment.pk}/substitute/"
    _ok(clients["hr_a"].post(url, {field: value, "reason": "出差"}), url)
    url = f"/enrolments/{enrolment.pk}/withdraw/"
    _ok(clients["alice"].post(url, {"reason": value}), url)


@FUZZ
@given(
    value=odd_values, key=st.sampled_from(["q1", "q1-l1", "x", "q99999999999999999999"])
)
def test_questionnaire_answers(value, key, clients, module_world):
    template = Questionnaire.objects.filter(session=module_world.session).first()
    pk = template.pk if template else 1
    _ok(clients["alice"].post(f"/questionnaires/{pk}/", {key: value}), "answer")


# Organizer's admin actions --------------------------------------------------------


SCREEN_ACTIONS = [
    "kiosk",
    "mark",
    "seat",
    "approve_leave",
    "refuse_leave",
    "vote_open",
    "questionnaire",
    "vote_status",
    "unknown",
]
SCREEN_FIELDS = [
    "enrolment",
    "seat",
    "leave",
    "template",
    "vote",
    "status",
    "kind",
    "reason",
    "note",
    "question",
    "options",
    "kiosk-national_id",
    "kiosk-kind",
]


@pytest.mark.slow
@FUZZ
@given(
    value=odd_values,
    action=st.sampled_from(SCREEN_ACTIONS),
    field=st.sampled_from(SCREEN_FIELDS),
)
def test_class_day_screen_actions(value, action, field, clients, module_world, vote):
    world = module_world
    data = {
        "action": action,
        "enrolment": str(world.enrolments["alice"].pk),
        "seat": "1",
        "vote": str(vote.pk),
        "status": "closed",
        "question": "問題",
        "options": "甲\n乙",
        "reason": "忘了帶卡",
        field: value,
    }
    url = f"/admin/classday/{world.session.pk}/"
    _ok(clients["organizer"].post(url, data), url)
    _ok(clients["organizer"].get(f"{url}qr.json", {"kind": value}), "qr")


@FUZZ
@given(
    value=odd_values,
    action=st.sampled_from(["records", "select", "refuse", "withdraw", "x"]),
    field=st.sampled_from(["hours", "grade", "attendance", "enrolment", "reason"]),
)
def test_roster_actions(value, action, field, clients, module_world):
    world = module_world
    pk = world.enrolments["alice"].pk
    data = {
        "action": action,
        "enrolment": str(pk),
        f"attendance-{pk}": "attended",
        f"hours-{pk}": "6",
    }
    if field in ("hours", "grade", "attendance"):
        data[f"{field}-{pk}"] = value
    else:
        data[field] = value
    url = f"/admin/sessions/{world.session.pk}/roster/"
    _ok(clients["organizer"].post(url, data), url)


# The API ----------------------------------------------------------------------


API_QUERIES = [
    ("/api/v1/courses/", ["category", "mode", "month", "open", "q", "ordering"]),
    ("/api/v1/courses/facets/", ["category", "mode", "month", "open", "q"]),
    ("/api/v1/news/", ["limit", "offset"]),
    ("/api/v1/agency/enrolments/", ["year", "status", "agency", "name", "limit"]),
    ("/api/v1/agency/people/", ["agency", "name", "offset", "limit"]),
    ("/api/v1/agency/study-hours/", ["year", "agency", "name"]),
    ("/api/v1/agency/study-hours/export/", ["year", "file_format", "agency"]),
    ("/api/v1/records/", ["year", "agency", "name", "session"]),
    ("/api/v1/me/enrolments/", ["status", "limit", "offset"]),
    ("/api/v1/licensing/materials/", ["limit", "offset", "q"]),
]


@FUZZ
@given(
    value=odd_values,
    target=st.sampled_from(API_QUERIES),
    index=st.integers(min_value=0),
    who=st.sampled_from(["anonymous", "alice", "hr_a"]),
)
def test_api_query_parameters(value, target, index, who, clients):
    url, names = target
    name = names[index % len(names)]
    _ok(clients[who].get(url, {name: value}), url)


def _api_bodies(world, vote):
    enrolment = world.enrolments["alice"].pk
    session = world.session.pk
    return [
        ("alice", f"/api/v1/votes/{vote.pk}/", {"option": 1}, "option"),
        ("alice", f"/api/v1/sessions/{session}/enrol/", {}, "x"),
        ("alice", f"/api/v1/enrolments/{enrolment}/withdraw/", {}, "reason"),
        ("alice", f"/api/v1/me/sessions/{session}/leave/", {"reason": "病"}, "date"),
        ("alice", f"/api/v1/me/sessions/{session}/leave/", {"date": "2030-01-01"}, "hours"),
        ("alice", f"/api/v1/me/sessions/{session}/meal/", {"meal": "none"}, "date"),
        ("alice", "/api/v1/checkin/", {}, "token"),
        ("hr_a", "/api/v1/agency/nominations/", {"people": [1]}, "session"),
        ("hr_a", "/api/v1/agency/nominations/", {"session": session}, "people"),
        ("hr_a", f"/api/v1/enrolments/{enrolment}/substitute/", {"reason": "差"}, "substitute"),
        ("hr_a", "/api/v1/licensing/applications/", {"purpose": "教學"}, "materials"),
        ("hr_a", "/api/v1/licensing/applications/", {"materials": [1]}, "users_count"),
        ("organizer", f"/api/v1/sessions/{session}/marks/", {"reason": "卡"}, "enrolment_id"),
        ("organizer", f"/api/v1/sessions/{session}/kiosk/", {}, "national_id"),
        ("organizer", f"/api/v1/votes/{vote.pk}/status/", {}, "status"),
        ("organizer", f"/api/v1/sessions/{session}/votes/", {"options": ["a", "b"]}, "question"),
    ]  # fmt: skip


def _json_value(value, as_number):
    if as_number:
        try:
            return int(value)
        except ValueError:
            return value
    return value


@FUZZ
@given(
    value=odd_values,
    index=st.integers(min_value=0),
    as_number=st.booleans(),
    as_list=st.booleans(),
)
def test_api_bodies(value, index, as_number, as_list, clients, module_world, vote):
    bodies = _api_bodies(module_world, vote)
    who, url, base, field = bodies[index % len(bodies)]
    odd = _json_value(value, as_number)
    body = {**base, field: [odd] if as_list else odd}
    response = clients[who].post(url, body, content_type="application/json")
    _ok(response, url)
    token = value if as_number else '"x"'  # raw: NaN, 1e400, garbage
    raw = "{" + f'"{field}": {token}' + "}"
    response = clients[who].post(url, raw, content_type="application/json")
    _ok(response, url)


# The guards of cms.core.badinput --------------------------------------------------


def test_nul_bytes_are_refused_up_front(clients):
    response = clients["anonymous"].get("/api/v1/courses/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    # A site page answers as if the byte were not there.
    response = clients["anonymous"].get("/search/", {"q": "日\x00語"})
    assert response.status_code == 200
    assert response.context["search_query"] == "日語"
    response = clients["alice"].post("/licenses/", {"purpose": "a\x00"})
    assert response.status_code == 400
    assert clients["alice"].get("/licenses/%00/").status_code in (400, 404)


def test_a_malformed_identifier_in_a_wagtail_view_is_not_found(clients):
    # Wagtail's chooser looks the object up with whatever the URL holds.
    url = "/admin/snippets/choose/catalog/session/chosen/abc/"
    assert clients["root"].get(url).status_code == 404
