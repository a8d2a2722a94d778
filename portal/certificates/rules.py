"""When a training record earns a certificate: the one definition, read by the
services (which refuse) and the selectors (which show what may be asked for)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.catalog.models import DeliveryMode

REVOKED_ASK_ORGANIZER = _(
    "A certificate of this training was revoked: ask the organizer to issue it again."
)


def issue_refusal(record, *, today: datetime.date) -> ValidationError | None:
    """Why ``record`` earns no certificate on ``today``, or None if it does.

    Completed, the session at its last day or over, hours recorded, and for a
    blended course the e-learning part finished."""
    session = record.session
    if not record.completed:
        return ValidationError(
            _("Only a completed training earns a certificate."), code="not_completed"
        )
    if session.end_date > today:
        return ValidationError(
            _("Certificates are issued from the session's last day, %(date)s.")
            % {"date": session.end_date.isoformat()},
            code="session_not_over",
        )
    if session.effective_delivery_mode == DeliveryMode.BLENDED and (
        record.online_completed_at is None
    ):
        return ValidationError(
            _(
                "This is a blended course: the certificate is issued once the "
                "e-learning part is finished."
            ),
            code="online_part_unfinished",
        )
    if record.hours <= 0:
        return ValidationError(
            _("No study hours are recorded for this training."), code="no_hours"
        )
    return None


def revocation_blocks_trainee(certificates) -> bool:
    """Whether, after a revocation, only an organizer may issue again: a
    certificate of the record was revoked and none was issued since."""
    revoked = [c.revoked_at for c in certificates if c.revoked_at is not None]
    if not revoked:
        return False
    latest = max(revoked)
    return not any(c.revoked_at is None and c.issued_at > latest for c in certificates)
