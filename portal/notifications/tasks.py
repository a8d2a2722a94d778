"""The e-mail queue: the tasks, how a mail is handed to them, and the sweeper
that hands again what a crash lost. Services queue through ``email_enqueue``;
the sending itself is ``delivery.email_send``."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from cms.core.tasks import enqueue_with_transaction
from portal.classday.attendance import attendance_sweep

from . import delivery
from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# A queued row whose task has not run this long after it was due is queued again.
SWEEP_AFTER = datetime.timedelta(minutes=10)
# A row claimed by a worker that has not finished this long after is given up:
# it may or may not have reached the mail server, so staff decide (retry button).
SENDING_STUCK_AFTER = datetime.timedelta(minutes=30)
SWEEP_BATCH = 5000


@task()
def send_email_task(email_id: int) -> str:
    return delivery.email_send(email_id=email_id, retry=email_enqueue)


@task()
def sweep_task() -> dict:
    """Re-queue lost e-mails and recompute lost attendance syncs (see tasks_sweep)."""
    return {**email_sweep(), "attendance": attendance_sweep()}


def email_enqueue(email_id: int, *, delay=None) -> None:
    """Queue the sending task; with the database backend inside the transaction."""
    task = send_email_task
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)

    def remember(result):
        OutgoingEmail.objects.filter(pk=email_id).update(task_id=str(result.id)[:64])

    enqueue_with_transaction(task, email_id, then=remember)


def email_sweep(*, older_than=SWEEP_AFTER, stuck_after=SENDING_STUCK_AFTER) -> dict:
    """Queue again the e-mails whose task was lost; give up on interrupted sends.

    Safe to run at any time and from several places: sending claims the row, so
    a second task for an e-mail sends nothing.
    """
    now = timezone.now()
    backend = send_email_task.get_backend()
    requeued = 0
    due = (
        OutgoingEmail.objects.filter(
            Q(status=EmailStatus.QUEUED) | Q(status=EmailStatus.RETRYING),
            next_attempt_at__lte=now - older_than,
        )
        .order_by("next_attempt_at")
        .values_list("pk", "task_id")
    )
    for email_id, task_id in list(due[:SWEEP_BATCH]):
        if task_id and _task_pending(backend, task_id):
            continue
        logger.warning("E-mail %s was not sent by its task; queued again.", email_id)
        with transaction.atomic():
            # Due again only after another full wait: no pile of duplicate tasks.
            OutgoingEmail.objects.filter(pk=email_id).update(next_attempt_at=now)
            email_enqueue(email_id)
        requeued += 1
    interrupted = OutgoingEmail.objects.filter(
        status=EmailStatus.SENDING, next_attempt_at__lte=now - stuck_after
    ).update(
        status=EmailStatus.FAILED,
        last_error=_(
            "Interrupted while sending: it may or may not have been delivered. "
            "Retry it if it was not."
        ),
    )
    if interrupted:
        logger.error(
            "%s e-mail(s) interrupted while sending, marked failed.", interrupted
        )
    return {"requeued": requeued, "interrupted": interrupted}


def _task_pending(backend, task_id) -> bool:
    """Whether the backend still holds a task that will run."""
    if not backend.supports_get_result:
        return False
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
