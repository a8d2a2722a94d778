import pytest

from tests.factories.licensing import make_licensing_world


@pytest.fixture
def licensing(site_tree):
    return make_licensing_world(site_tree)
