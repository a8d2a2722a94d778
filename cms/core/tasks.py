"""Enqueue background tasks so that a crash cannot separate them from their rows."""

from django.db import router, transaction


def _stored_with_rows(task, using) -> bool:
    """Whether the task's backend writes its queue into the database ``using``."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is optional
        return False
    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == using
    )


def enqueue_with_transaction(task, *args, using="default", then=None, **kwargs):
    """Queue ``task`` with the rows that need it.

    With the database backend the task row is written in the current
    transaction: both commit or neither does, and no worker sees the task before
    its rows. Other backends (a broker, or the immediate backend of the tests)
    are handed the task after the commit; a sweeper finds what a crash in
    between lost. ``then(result)`` is called with the enqueued result.
    """

    def enqueue():
        result = task.enqueue(*args, **kwargs)
        if then is not None:
            then(result)
        return result

    if (
        _stored_with_rows(task, using)
        and transaction.get_connection(using).in_atomic_block
    ):
        return enqueue()
    transaction.on_commit(enqueue, using=using)
    return None
