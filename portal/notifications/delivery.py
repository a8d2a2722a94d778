"""Sending one queued e-mail: the work of the sending task.

It knows nothing of the queue: a failed attempt is handed back through the
``retry`` it is given (the tasks module's ``email_enqueue``), so that this module
and the tasks do not import each other.
"""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def email_send(*, email_id: int, retry) -> str:
    """Send one queued e-mail at most once; on failure record why and hand it to
    ``retry(email_id, delay=...)``, in the transaction that records the failure.

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
                retry(email.pk, delay=delay)
        return EmailStatus.FAILED if failed else EmailStatus.RETRYING
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return EmailStatus.SENT
