import pytest

from tests.factories.certificates import make_certificate_world


@pytest.fixture
def cw(catalog):
    return make_certificate_world(catalog)
