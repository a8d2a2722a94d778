"""Periodic work is declared in one place and run by one process."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from portal.scheduler import selectors, services
from portal.scheduler.jobs import Job, job_get, jobs
from portal.scheduler.models import JobRun

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_every_declared_job_names_a_command_and_a_valid_schedule():
    declared = {job.name: job for job in jobs()}
    assert set(declared) == set(settings.PERIODIC_JOBS)
    # The work that used to run from a shell loop is all declared.
    commands = {job.command for job in declared.values()}
    assert {
        "publish_scheduled",
        "surveys_release",
        "tasks_sweep",
        "certificates_issue_due",
        "reminders_send",
        "exchanges_sweep",
        "recommendations_precompute",
        "prune_db_task_results",
    } <= commands


@override_settings(PERIODIC_JOBS={"x": {"command": "no_such_command", "cron": "*"}})
def test_an_unknown_command_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="no_such_command"):
        jobs()


@override_settings(
    PERIODIC_JOBS={"x": {"command": "tasks_sweep", "cron": "61 * * * *"}}
)
def test_a_bad_schedule_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="bad schedule"):
        jobs()


def test_schedules_are_in_the_institutes_time_zone():
    job = job_get("reminders_send")
    after = timezone.make_aware(datetime.datetime(2026, 12, 1, 8, 0))
    upcoming = job.trigger().get_next_fire_time(None, after)
    local = upcoming.astimezone(timezone.get_default_timezone())
    assert (local.date(), local.hour, local.minute) == (
        datetime.date(2026, 12, 2),
        7,
        0,
    )


def test_running_a_job_records_a_successful_run():
    run = services.job_run(job=job_get("tasks_sweep"))
    run.refresh_from_db()
    assert run.succeeded is True
    assert run.finished_at >= run.started_at
    assert selectors.job_last_runs()["tasks_sweep"] == run


def test_a_failing_job_is_recorded_and_does_not_raise():
    broken = Job(
        name="broken", command="scheduler", cron="* * * * *", args=("--run", "nope")
    )
    run = services.job_run(job=broken)
    assert run.succeeded is False
    assert "No job 'nope'" in run.output


def test_last_runs_pick_each_jobs_latest():
    now = timezone.now()
    for minutes in (30, 10, 20):
        JobRun.objects.create(
            name="a", started_at=now - datetime.timedelta(minutes=minutes)
        )
    JobRun.objects.create(name="b", started_at=now - datetime.timedelta(minutes=25))
    last = selectors.job_last_runs()
    assert last["a"].started_at == now - datetime.timedelta(minutes=10)
    assert last["b"].started_at == now - datetime.timedelta(minutes=25)


def test_old_runs_are_pruned():
    now = timezone.now()
    old = JobRun.objects.create(name="a", started_at=now - datetime.timedelta(days=31))
    recent = JobRun.objects.create(
        name="a", started_at=now - datetime.timedelta(days=2)
    )
    call_command("scheduler_prune", stdout=io.StringIO())
    assert not JobRun.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.filter(pk=recent.pk).exists()


def test_the_command_lists_runs_and_reports_jobs():
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "reminders_send" in out.getvalue() and "0 7 * * *" in out.getvalue()
    call_command("scheduler", "--run", "tasks_sweep", stdout=io.StringIO())
    out = io.StringIO()
    call_command("scheduler", "--status", stdout=out)
    lines = dict(line.split(None, 1) for line in out.getvalue().splitlines())
    assert lines["tasks_sweep"].endswith("ok")
    assert lines["reminders_send"] == "never run"
    with pytest.raises(CommandError, match="No job 'nope'"):
        call_command("scheduler", "--run", "nope")


def test_make_run_starts_the_scheduler_and_no_shell_loop():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py scheduler" in run
    assert "while true" not in makefile


def test_a_second_scheduler_refuses_to_start(tmp_path):
    """A real scheduler process holds the lock (PostgreSQL's advisory lock, or
    the lock file beside SQLite's database); a second one exits with a message."""
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    env["PYTHONUNBUFFERED"] = "1"
    env["HOME"] = str(tmp_path)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _database_url()
    first = subprocess.Popen(
        [sys.executable, "manage.py", "scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "jobs" in first.stdout.readline()  # started and holding the lock
        second = subprocess.run(
            [sys.executable, "manage.py", "scheduler"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode != 0
        assert "Another scheduler is running" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=20)


def _database_url():
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    # The test database: the one this test's connection uses (no transaction
    # matters here, the lock is session-level).
    return f"postgres://{user}@{host}:{port}/{params['NAME']}"
