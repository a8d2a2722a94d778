import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import tasks
from .defaults import DEFAULT_TEMPLATES
from .models import EmailStatus, EmailTemplate, OutgoingEmail
from .placeholders import PLACEHOLDERS, TemplateRenderError, render

logger = logging.getLogger(__name__)


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
        tasks.email_enqueue(email.pk)
    return email


def email_retry(*, email: OutgoingEmail) -> bool:
    """Put a failed e-mail back in the queue (staff action); False if not failed."""
    with transaction.atomic():
        changed = OutgoingEmail.objects.filter(
            pk=email.pk, status=EmailStatus.FAILED
        ).update(status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now())
        if changed:
            tasks.email_enqueue(email.pk)
    return bool(changed)
