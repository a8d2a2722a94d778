import pytest
from rest_framework.test import APIClient
from wagtail.models import APIToken

from tests.factories.world import make_world


@pytest.fixture
def api():
    return APIClient()


def bearer(client, user):
    """Authenticate ``client`` with a fresh API token of ``user``."""
    _token, plaintext = APIToken.create_token(user=user, name="test")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


@pytest.fixture
def world(catalog):
    return make_world(catalog)
