"""One shared world per test module, for the long generated suites (schemathesis,
fuzzing): built once inside an outer transaction that is rolled back when the
module ends; each test still runs in its own nested transaction (a savepoint),
so what one test writes is gone before the next.

Use: ``from tests.module_world import module_world_fixture  # noqa: F401``, then
ask for ``module_world`` (and ``db``) in the tests.
"""

import pytest
from django.db import transaction

from tests.factories.catalog import make_site
from tests.factories.world import make_world


@pytest.fixture(scope="module", name="module_world")
def module_world_fixture(django_db_setup, django_db_blocker):
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            _home, catalog = make_site()
            world = make_world(catalog)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
