"""Invitation links: a signed, expiring token bound to the profile and to the
one invitation (a nonce kept on the profile, cleared when it is used or a new
invitation is sent). Issued and read by the services."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "civiclearn.lecturers.invitation"


def invitation_days() -> int:
    return int(getattr(settings, "LECTURER_INVITATION_DAYS", 14))


class InvitationRefused(Exception):
    """A link that cannot be honoured; ``code`` names why."""

    def __init__(self, message, *, code):
        super().__init__(str(message))
        self.message = message
        self.code = code


def invitation_token(*, profile_id: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{profile_id}:{nonce}")


def invitation_read(token: str) -> tuple[int, str]:
    """(profile id, nonce) of a genuine, unexpired token, or InvitationRefused."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=datetime.timedelta(days=invitation_days())
        )
        profile_id, nonce = value.split(":", 1)
        return int(profile_id), nonce
    except signing.SignatureExpired as exc:
        raise InvitationRefused(
            _("This invitation has expired. Ask the institute for a new one."),
            code="invitation_expired",
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise InvitationRefused(
            _("This invitation link is not valid."), code="invitation_invalid"
        ) from exc
