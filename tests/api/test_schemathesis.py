"""Schemathesis drives every operation of the live schema as anonymous, trainee and
HR officer: no server error, and every response matches the schema, formats
included (date, time, date-time, uri, decimal strings, uuid, nullability).

Schemathesis' own response check validates formats only as far as the schema's
draft (OpenAPI 3.0, so JSON Schema draft 4) knows them, which leaves out date and
time; ``strict_formats`` checks every JSON response again with a validator that
knows OpenAPI's ``nullable`` and checks each format strictly. A second test calls
every GET operation with identifiers of real objects, which generated ids rarely
hit, so that full responses (outlines, timetables, handouts) are checked too.

Each operation's cases are drawn once and sent as each identity in turn:
Hypothesis drew the very same cases for the three identities anyway
(``derandomize``), and drawing them three times cost a third of this module's time. The world is built once per
module (tests/module_world.py); each test still runs in its own transaction.
"""

import datetime
import functools
import json
import re
import uuid
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from jsonschema import FormatChecker
from openapi_schema_validator import OAS31Validator
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup, as_reported_failure
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.hypothesis.reporting import ignore_hypothesis_output
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python._constants.orchestrator import make_constants_value_source
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from wagtail.models import APIToken

from cms.wsgi import application
from tests.module_world import module_world_fixture  # noqa: F401

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

pytestmark = pytest.mark.django_db

# RFC 3339: a full-date; a full-time and a date-time carry an offset.
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FULL_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date", raises=ValueError)
def _is_date(value):
    if not isinstance(value, str):
        return True
    return bool(FULL_DATE.match(value)) and bool(datetime.date.fromisoformat(value))


@FORMATS.checks("time")
def _is_time(value):
    return not isinstance(value, str) or bool(FULL_TIME.match(value))


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value):
    if not isinstance(value, str):
        return True
    day, _sep, time = value.partition("T")
    return (
        _is_date(day)
        and _is_time(time)
        and bool(datetime.datetime.fromisoformat(value))
    )


@FORMATS.checks("decimal", raises=InvalidOperation)
def _is_decimal(value):
    # drf-spectacular's "decimal" is a string, never a JSON number.
    if isinstance(value, int | float):
        return False
    if not isinstance(value, str):
        return True
    return bool(DECIMAL.match(value)) and Decimal(value).is_finite()


@FORMATS.checks("uri")
def _is_uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value):
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMATS.checks("int64")
def _is_int64(value):
    return not isinstance(value, int) or -(2**63) <= value < 2**63


@FORMATS.checks("double")
def _is_double(value):
    return not isinstance(value, str)


@FORMATS.checks("email")
def _is_email(value):
    return not isinstance(value, str) or "@" in value


_RAW = None


def _raw_schema():
    global _RAW
    if _RAW is None:
        _RAW = schema.raw_schema
    return _RAW


@functools.cache
def _validator(method: str, path: str, status: int):
    raw = _raw_schema()
    operation = raw["paths"][path][method.lower()]
    documented = operation["responses"].get(str(status))
    if documented is None:
        return None
    content = documented.get("content", {}).get("application/json")
    if not content:
        return None
    root = {**content["schema"], "components": raw["components"]}
    return OAS31Validator(root, format_checker=FORMATS)


def strict_errors(method: str, path: str, status: int, body) -> list[str]:
    """What breaks the documented response schema, with strict formats."""
    validator = _validator(method.lower(), path, status)
    if validator is None:
        return []
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in validator.iter_errors(body)
    ]


@schemathesis.check
def strict_formats(ctx, response, case):
    if "json" not in ";".join(response.headers.get("content-type", [])):
        return None
    if response.request.method.lower() != case.operation.method.lower():
        return None  # schemathesis' probes with other methods (OPTIONS ...)
    errors = strict_errors(
        case.operation.method,
        case.operation.path,
        response.status_code,
        json.loads(response.content or b"null"),
    )
    if errors:
        raise Failure(
            operation=case.operation.label,
            title="Response breaks a strict format rule of the schema",
            message="; ".join(errors),
        )
    return True


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Django closes the connection after each WSGI request; the test client
    prevents that and so must we, or the test transaction is lost."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def _token_headers(user):
    _token, plaintext = APIToken.create_token(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {plaintext}"}


IDENTITIES = ["anonymous", "trainee", "hr_a"]

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    strict_formats,
]

# The settings the test ran under when ``schema.parametrize()`` drew for each identity.
GENERATION = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
OPERATIONS = {result.ok().label: result.ok() for result in schema.get_all_operations()}


@functools.cache
def _feedback():
    return FeedbackSources(constants_value_source=make_constants_value_source(schema))


@functools.cache
def _cases(label: str) -> tuple:
    """Every case schemathesis' phases (examples, coverage, fuzzing) draw for one
    operation, drawn once per run.

    It goes through the builder that ``schema.parametrize()`` uses (a private
    module of schemathesis 4), so the cases are the ones its pytest plugin draws.
    """
    cases = []

    def collect(case):
        cases.append(case)

    drawn = build_operation_test(
        config=schema.config,
        operation=OPERATIONS[label],
        test_func=collect,
        given_kwargs={},
        feedback=_feedback(),
        explicit_settings=GENERATION,
    )
    with ignore_hypothesis_output():
        drawn()
    return tuple(cases)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("label", "who"),
    [(label, who) for label in OPERATIONS for who in IDENTITIES],
    ids=[f"{label}][{who}" for label in OPERATIONS for who in IDENTITIES],
)
def test_api_conforms_to_its_schema(label, who, module_world, db):
    """Each drawn case of the operation, sent as ``who``, passes every check."""
    cases = _cases(label)
    assert cases, label
    headers = {}
    if who != "anonymous":
        user = {"trainee": module_world.alice, "hr_a": module_world.hr_a}[who].user
        headers = _token_headers(user)
    for case in cases:
        try:
            case.call_and_validate(
                headers={**(case.headers or {}), **headers}, checks=CHECKS
            )
        except FailureGroup as exc:
            raise as_reported_failure(exc) from None


def _outline(world):
    """A course outline with units: their hours must come out as decimal strings."""
    course = type(world.course).objects.get(pk=world.course.pk)
    course.outline = [
        {"type": "unit", "value": {"title": "導論", "hours": Decimal("1.5")}},
        {
            "type": "unit",
            "value": {"title": "實作", "hours": Decimal("3"), "description": "上機"},
        },
    ]
    course.save()


def _path_values(world):
    enrolment = world.enrolments["alice"]
    return {
        "id": world.course.pk,
        "pk": world.course.pk,
        "session_id": world.session.pk,
        "reference": "none",
        "token": "none",
        "vote_id": 1,
    }, {
        "/api/v1/sessions/{id}/": world.session.pk,
        "/api/v1/handouts/{id}/download/": world.public.pk,
        "/api/v1/handouts/{id}/link/": world.public.pk,
        "/api/v1/agency/people/{id}/": world.alice.pk,
        "/api/v1/enrolments/{id}/withdraw/": enrolment.pk,
        "/api/v1/enrolments/{id}/substitute/": enrolment.pk,
    }


@pytest.mark.parametrize("who", ["anonymous", "alice", "hr_a", "organizer"])
def test_real_objects_conform_strictly(who, module_world, db):
    """Every GET with the world's own identifiers: full bodies, checked strictly."""
    from django.test import Client

    world = module_world
    _outline(world)
    client = Client()
    user = {
        "anonymous": None,
        "alice": world.alice.user,
        "hr_a": world.hr_a.user,
        "organizer": world.organizer,
    }[who]
    extra = {}
    if user is not None:
        extra["HTTP_AUTHORIZATION"] = _token_headers(user)["Authorization"]
    defaults, by_path = _path_values(world)
    checked = 0
    for path, item in _raw_schema()["paths"].items():
        if "get" not in item or path.endswith("/schema/"):
            continue
        url = path
        for name in re.findall(r"{(\w+)}", path):
            value = by_path.get(path, defaults.get(name))
            url = url.replace("{" + name + "}", str(value))
        response = client.get(url, **extra)
        assert response.status_code < 500, (url, response.status_code)
        if "json" not in response.get("Content-Type", ""):
            continue
        errors = strict_errors("get", path, response.status_code, response.json())
        assert not errors, (who, url, errors)
        checked += response.status_code == 200
    assert checked >= 5, checked


def test_strict_check_catches_the_old_mismatches():
    """The validator is strict: times without offset, floats for decimals and a
    null where a string is documented are refused."""
    path = "/api/v1/courses/{id}/"
    assert strict_errors("get", path, 200, {"id": "x"})  # type mismatch found
    unit = {"title": "導論", "hours": 1.5, "description": ""}
    assert any(
        "hours" in error
        for error in strict_errors("get", path, 200, {"outline": [unit]})
    )
    assert FORMATS.conforms("09:30:00+08:00", "time")
    assert not FORMATS.conforms("09:30:00", "time")
    assert not FORMATS.conforms(1.5, "decimal") and FORMATS.conforms("1.5", "decimal")
    assert not FORMATS.conforms("2026-13-01", "date")
    assert not FORMATS.conforms("", "uri")
