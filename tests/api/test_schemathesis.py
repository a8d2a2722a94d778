"""Schemathesis drives every operation of the live schema as anonymous, trainee and
HR officer: no server error, and every response matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from wagtail.models import APIToken

from cms.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

pytestmark = pytest.mark.django_db


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


@pytest.fixture(params=["anonymous", "trainee", "hr_a"])
def headers(request, world):
    if request.param == "anonymous":
        return {}
    user = {"trainee": world.alice.user, "hr_a": world.hr_a.user}[request.param]
    _token, plaintext = APIToken.create_token(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {plaintext}"}


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, headers):
    case.call_and_validate(
        headers={**(case.headers or {}), **headers},
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
        ],
    )
