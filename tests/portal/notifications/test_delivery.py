"""Nothing lost, nothing sent twice: e-mails survive a crash and are claimed once."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.notifications import services, tasks
from portal.notifications.models import EmailStatus, OutgoingEmail
from portal.notifications.tasks import send_email_task, sweep_task

ROOT = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("crash_child.py")
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _crash_after_commit(mode):
    """Run crash_child.py against this test's database; it must die after commit."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    result = subprocess.run(
        [sys.executable, str(CHILD), str(connection.settings_dict["NAME"]), mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 17, result.stderr[-3000:]


def _queue(**extra):
    return services.email_queue(
        key="summons",
        to=["trainee@example.test"],
        context={"trainee_name": "王小明"},
        **extra,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_mail_committed_before_the_process_died_is_sent_once_by_the_sweeper():
    _crash_after_commit("after_commit")
    email = OutgoingEmail.objects.get(to="crash@example.test")
    assert email.status == EmailStatus.QUEUED and email.task_id == ""
    assert mail.outbox == []
    # Not yet due: a worker may still be on its way.
    call_command("tasks_sweep", verbosity=0)
    assert mail.outbox == []
    for _ in range(2):
        call_command("tasks_sweep", minutes=0, verbosity=0)
    assert [m.to for m in mail.outbox] == [["crash@example.test"]]
    assert sweep_task.enqueue().return_value["requeued"] == 0
    # A late task for it (the one the crash lost, say) sends nothing more.
    assert send_email_task.call(email.pk) == EmailStatus.SENT
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1
    assert [m.to for m in mail.outbox] == [["crash@example.test"]]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_task_commits_with_the_mail(settings):
    _crash_after_commit("database_backend")
    email = OutgoingEmail.objects.get(to="crash@example.test")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [email.pk]
    assert email.task_id == str(task.id)
    settings.TASKS = DATABASE_BACKEND
    # The sweeper leaves alone a mail whose task is still waiting for a worker.
    assert tasks.email_sweep(older_than=datetime.timedelta(0))["requeued"] == 0
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0
    )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert tasks.email_sweep(older_than=datetime.timedelta(0))["requeued"] == 0
    assert [m.to for m in mail.outbox] == [["crash@example.test"]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_neither_mail_nor_task(settings):
    from django.db import transaction

    settings.TASKS = DATABASE_BACKEND
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the enrolment failed after the mail was queued")
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


class RacingBackend(locmem.EmailBackend):
    """While the first task talks to the mail server, a second task runs."""

    email_id = None
    outcomes = []

    def send_messages(self, messages):
        RacingBackend.outcomes.append(send_email_task.call(RacingBackend.email_id))
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_second_task_for_the_same_mail_sends_nothing(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()
    settings.EMAIL_BACKEND = f"{__name__}.RacingBackend"
    RacingBackend.email_id, RacingBackend.outcomes = email.pk, []
    assert send_email_task.call(email.pk) == EmailStatus.SENT
    assert RacingBackend.outcomes == [EmailStatus.SENDING]
    assert send_email_task.call(email.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


@pytest.mark.django_db
def test_a_send_interrupted_midway_is_marked_failed_not_sent_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.email_sweep()
    assert outcome == {"requeued": 0, "interrupted": 1}
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_lost_retry_is_queued_again_once_due(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.portal.notifications.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()
    with django_capture_on_commit_callbacks(execute=False) as lost:
        assert send_email_task.call(email.pk) == EmailStatus.RETRYING
    assert lost  # the retry's task, which we drop
    email.refresh_from_db()
    assert email.next_attempt_at > timezone.now()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.email_sweep()["requeued"] == 0  # its back-off is not over
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.email_sweep()["requeued"] == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_swept_mail_waits_a_full_period_before_it_is_swept_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=False) as handed_over:
        assert tasks.email_sweep()["requeued"] == 1
        assert tasks.email_sweep()["requeued"] == 0
    assert len(handed_over) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
