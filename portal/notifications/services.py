import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .defaults import DEFAULT_TEMPLATES
from .models import EmailStatus, EmailTemplate, OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _template_text(key, language):
    template = (
        EmailTemplate.objects.filter(key=key, language=language).first()
        or EmailTemplate.objects.filter(
            key=key, language=settings.LANGUAGE_CODE
        ).first()
    )
    if template is not None:
        return template.subject, template.body
    return (
        DEFAULT_TEMPLATES.get((key, language))
        or DEFAULT_TEMPLATES[(key, settings.LANGUAGE_CODE)]
    )


class _Context(dict):
    def __missing__(self, key):
        return ""


def email_queue(
    *, key: str, to: list[str], context: dict, cc: list[str] = (), language=None
) -> OutgoingEmail | None:
    """Render a template and queue it; it is sent by the worker after commit."""
    to = [address for address in to if address]
    if not to:
        return None
    subject, body = _template_text(key, language or settings.LANGUAGE_CODE)
    values = _Context({name: str(value) for name, value in context.items()})
    email = OutgoingEmail.objects.create(
        template_key=key,
        to=",".join(to),
        cc=",".join(a for a in cc if a and a not in to),
        subject=" ".join(subject.format_map(values).split())[:255],
        body=body.format_map(values),
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id, *, delay=None):
    from .tasks import send_email_task

    task = send_email_task
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(email_id)


def email_send(*, email_id: int) -> str:
    """Send one queued e-mail; on failure record why and retry with back-off."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (EmailStatus.SENT, EmailStatus.FAILED):
            return email.status if email else "missing"
        email.attempts += 1
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
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.status = (
                EmailStatus.FAILED
                if email.attempts >= MAX_ATTEMPTS
                else EmailStatus.RETRYING
            )
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save()
    if email.status == EmailStatus.RETRYING:
        delay = datetime.timedelta(minutes=2**email.attempts)
        transaction.on_commit(lambda: _enqueue(email.pk, delay=delay))
    return email.status


def email_retry(*, email: OutgoingEmail) -> None:
    """Put a failed e-mail back in the queue (staff action)."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.QUEUED, attempts=0
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
