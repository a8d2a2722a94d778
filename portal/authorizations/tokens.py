"""Signing links: signed, expiring, bound to one authorization, its lecturer and
the one link sent (a nonce kept on the authorization, replaced when a new link
is sent and cleared at signing). Issued and read by the services."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "civiclearn.authorizations.sign"


def link_days() -> int:
    return int(getattr(settings, "AUTHORIZATION_LINK_DAYS", 14))


class LinkRefused(Exception):
    """A link that cannot be honoured; ``code`` names why, ``status`` the HTTP answer."""

    def __init__(self, message, *, code, status=400):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.status = status


def signing_token(*, authorization_id: int, lecturer_id: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(
        f"{authorization_id}:{lecturer_id}:{nonce}"
    )


def signing_read(token: str) -> tuple[int, int, str]:
    """(authorization id, lecturer id, nonce) of a genuine, unexpired token."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=datetime.timedelta(days=link_days())
        )
        authorization_id, lecturer_id, nonce = value.split(":", 2)
        return int(authorization_id), int(lecturer_id), nonce
    except signing.SignatureExpired as exc:
        raise LinkRefused(
            _(
                "This signing link has expired. Sign from “Authorizations” on your "
                "lecturer page, or ask the organizer for a new link."
            ),
            code="link_expired",
            status=410,
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise LinkRefused(
            _("This signing link is not valid."), code="link_invalid", status=404
        ) from exc
