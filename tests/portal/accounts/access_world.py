"""A world built once per test module, for the access tests' many small cases.

Built inside an outer transaction that is rolled back when the module ends; each
test still runs in a savepoint of its own, so what one test writes is gone
before the next. Tests must not change the shared user objects in memory.
"""

import pytest
from django.db import transaction


def module_world(builder):
    """A module-scoped ``world`` fixture whose value is ``builder()``."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                built = builder()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return world
