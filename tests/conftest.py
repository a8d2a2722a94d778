from pathlib import Path

import pytest

from tests.factories.catalog import make_site


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches (API responses, throttles, login counts)."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield


@pytest.fixture
def site_tree(db):
    """(home, catalog) pages of a fresh default site."""
    return make_site()


@pytest.fixture
def catalog(site_tree):
    return site_tree[1]


def pytest_sessionstart(session):
    """Remove a previous run's SQLite test database with its WAL files.

    Django deletes only the main file; a stale -wal/-shm beside a new database
    gives other connections "disk I/O error".
    """
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
