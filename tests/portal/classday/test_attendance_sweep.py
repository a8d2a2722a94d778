"""A check-in's record update cannot be lost: queued with the check-in, or swept."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from portal.classday import services
from portal.classday.attendance import attendance_sweep
from portal.classday.models import CheckIn
from portal.records.models import Attendance, StudyHours, TrainingRecord

from .conftest import make_classday

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _scan(day, name="alice"):
    token = services.checkin_token(session=day["session"], kind=services.IN)
    return services.checkin_scan(token=token, user=day[name].user)


@pytest.mark.django_db
def test_a_lost_attendance_sync_is_recomputed_by_the_sweep(
    day, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as lost:
        _scan(day)
    assert len(lost) == 1  # the sync task, dropped as by a crash
    enrolment = day["enrolments"]["alice"]
    assert not TrainingRecord.objects.filter(enrolment=enrolment).exists()
    assert attendance_sweep() == 0  # not yet overdue
    CheckIn.objects.filter(enrolment=enrolment).update(
        checked_in_at=CheckIn.objects.get(enrolment=enrolment).checked_in_at
        - datetime.timedelta(hours=1)
    )
    call_command("tasks_sweep", verbosity=0)
    record = TrainingRecord.objects.get(enrolment=enrolment)
    # Recomputed: in class, with the hours to come at check-out.
    assert (record.attendance, record.hours) == (Attendance.PENDING, 0)
    assert StudyHours.objects.get(user=enrolment.user, year=record.year).hours == 0
    # Up to date now: sweeping again finds nothing.
    assert attendance_sweep(older_than=datetime.timedelta(0)) == 0


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_sync_task_commits_with_the_check_in(
    catalog, settings
):
    day = make_classday(catalog)
    settings.TASKS = DATABASE_BACKEND
    with pytest.raises(RuntimeError), transaction.atomic():
        _scan(day)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the request died before its commit")
    assert not CheckIn.objects.exists() and not DBTaskResult.objects.exists()
    _scan(day)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [day["enrolments"]["alice"].pk]
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0
    )
    record = TrainingRecord.objects.get(enrolment=day["enrolments"]["alice"])
    assert record.attendance == Attendance.PENDING  # synced; hours at check-out
