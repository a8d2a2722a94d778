import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.tasks import enqueue_with_transaction

from .defaults import DEFAULT_TEMPLATES
from .models import EmailStatus, EmailTemplate, OutgoingEmail
from .placeholders import PLACEHOLDERS, TemplateRenderError, render

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A queued row whose task has not run this long after it was due is queued again.
SWEEP_AFTER = datetime.timedelta(minutes=10)
# A row claimed by a worker that has not finished this long after is given up:
# it may or may not have reached the mail server, so staff decide (retry button).
SENDING_STUCK_AFTER = datetime.timedelta(minutes=30)
SWEEP_BATCH = 5000


def _default_text(key, language):
    return (
        DEFAULT_TEMPLATES.get((key, language))
        or DEFAULT_TEMPLATES[(key, settings.LANGUAGE_CODE)]
    )


def _stored_template(key, language):
    return (
        EmailTemplate.objects.filter(key=key, language=language).first()
        or EmailTemplate.objects.filter(
            key=key, language=settings.LANGUAGE_CODE
        ).first()
    )


def _render(key, language, context) -> tuple[str, str]:
    """Subject and body; a stored wording that fails falls back to the default."""
    allowed = PLACEHOLDERS.get(key, {})
    values = {name: str(value) for name, value in context.items()}
    template = _stored_template(key, language)
    if template is not None:
        try:
            return (
                render(template.subject, allowed, values),
                render(template.body, allowed, values),
            )
        except TemplateRenderError as error:
            _template_failed(template, error)
    subject, body = _default_text(key, language)
    return render(subject, allowed, values), render(body, allowed, values)


def _template_failed(template, error):
    logger.error(
        "E-mail template %s (%s) cannot be rendered, the default was sent: %s",
        template.key,
        template.language,
        error,
    )
    message = str(error)[:2000]
    # Its own savepoint: the flag must not disturb the action that sends the mail.
    # Only a new failure writes, so enrolments do not queue on the template's row.
    try:
        with transaction.atomic():
            EmailTemplate.objects.filter(pk=template.pk).filter(
                Q(render_failed_at__isnull=True) | ~Q(render_error=message)
            ).update(render_error=message, render_failed_at=timezone.now())
    except Exception:  # pragma: no cover - the alert is best effort
        logger.exception("Could not flag e-mail template %s", template.pk)


def email_queue(
    *, key: str, to: list[str], context: dict, cc: list[str] = (), language=None
) -> OutgoingEmail | None:
    """Render a template and queue it with the caller's transaction."""
    to = [address for address in to if address]
    if not to:
        return None
    subject, body = _render(key, language or settings.LANGUAGE_CODE, context)
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            template_key=key,
            to=",".join(to),
            cc=",".join(a for a in cc if a and a not in to),
            subject=" ".join(subject.split())[:255],
            body=body,
        )
        _enqueue(email.pk)
    return email


def _enqueue(email_id, *, delay=None):
    """Queue the sending task; with the database backend inside the transaction."""
    from .tasks import send_email_task

    task = send_email_task
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)

    def remember(result):
        OutgoingEmail.objects.filter(pk=email_id).update(task_id=str(result.id)[:64])

    enqueue_with_transaction(task, email_id, then=remember)


def email_send(*, email_id: int) -> str:
    """Send one queued e-mail at most once; on failure record why and retry later.

    The row is claimed by a conditional UPDATE (queued/retrying -> sending) that
    only one worker can win, on PostgreSQL and SQLite alike, and no lock is held
    while the mail server answers.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status__in=(EmailStatus.QUEUED, EmailStatus.RETRYING)
    ).update(
        status=EmailStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now
    )
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:
        return "missing"
    if not claimed:
        return email.status
    try:
        EmailMessage(
            subject=email.subject,
            body=email.body,
            to=email.recipients,
            cc=email.cc_recipients,
        ).send()
    except Exception as exc:  # any transport error: keep it and try again
        logger.warning(
            "E-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc
        )
        failed = email.attempts >= MAX_ATTEMPTS
        delay = datetime.timedelta(minutes=2**email.attempts)
        with transaction.atomic():
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.FAILED if failed else EmailStatus.RETRYING,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=timezone.now() + delay,
            )
            if not failed:
                _enqueue(email.pk, delay=delay)
        return EmailStatus.FAILED if failed else EmailStatus.RETRYING
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return EmailStatus.SENT


def email_retry(*, email: OutgoingEmail) -> bool:
    """Put a failed e-mail back in the queue (staff action); False if not failed."""
    with transaction.atomic():
        changed = OutgoingEmail.objects.filter(
            pk=email.pk, status=EmailStatus.FAILED
        ).update(status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now())
        if changed:
            _enqueue(email.pk)
    return bool(changed)


def email_sweep(*, older_than=SWEEP_AFTER, stuck_after=SENDING_STUCK_AFTER) -> dict:
    """Queue again the e-mails whose task was lost; give up on interrupted sends.

    Safe to run at any time and from several places: sending claims the row, so
    a second task for an e-mail sends nothing.
    """
    from .tasks import send_email_task

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
            _enqueue(email_id)
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
