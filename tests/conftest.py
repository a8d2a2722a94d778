import pytest

from tests.factories.catalog import make_site


@pytest.fixture
def site_tree(db):
    """(home, catalog) pages of a fresh default site."""
    return make_site()


@pytest.fixture
def catalog(site_tree):
    return site_tree[1]
