"""Queue an e-mail in a real transaction, then die before its task is handed over.

Run by test_delivery in a child process against the test database:
``python crash_child.py <database name> <mode>``. The process ends with exit
code 17 right after the commit, the way a killed worker or web process would
(no cleanup, no on-commit hooks left to run).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

database, mode = sys.argv[1], sys.argv[2]
if mode == "database_backend":
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
django.setup()

from django.db import connection, transaction  # noqa: E402

connection.settings_dict["NAME"] = database

from portal.notifications import services  # noqa: E402

DIED = 17


def die(*args, **kwargs):
    os._exit(DIED)


if mode == "after_commit":
    # A broker-style backend is handed the task after the commit: die there.
    from django_tasks.backends.immediate import ImmediateBackend

    ImmediateBackend.enqueue = die
with transaction.atomic():
    services.email_queue(
        key="summons", to=["crash@example.test"], context={"trainee_name": "王小明"}
    )
    transaction.on_commit(die)  # whatever came next never happens
sys.exit(1)  # not reached: the commit hands over to die()
