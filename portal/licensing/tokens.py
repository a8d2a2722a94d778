"""Download links of licensed material: a signed token bound to the license, the
material and the account. Issued by the selectors (the license page lists them)
and read by the download service, so neither imports the other."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

LINK_SALT = "civiclearn.licensing.download"


class LinkRefused(Exception):
    """A download link that cannot be honoured; ``message`` says why, ``code``
    names the reason for clients and ``status`` is 403 or 410 (gone for good)."""

    def __init__(self, message, *, status=403, code="link_invalid"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


def license_link_token(*, application, handout, user) -> str:
    """A token bound to the license, the material and the account."""
    return signing.TimestampSigner(salt=LINK_SALT).sign(
        f"{application.pk}:{handout.pk}:{user.pk}"
    )


def license_link_read(token: str) -> tuple[int, int, int]:
    """(application id, handout id, user id) of a genuine, unexpired token, or
    LinkRefused; whether they still hold is the download service's check."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign(
            token, max_age=datetime.timedelta(days=settings.LICENSE_LINK_DAYS)
        )
        application_id, handout_id, user_id = (int(p) for p in value.split(":"))
    except signing.SignatureExpired as exc:
        raise LinkRefused(
            _("This download link has expired. Open your license again for a new one."),
            status=410,
            code="link_expired",
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise LinkRefused(_("This download link is not valid.")) from exc
    return application_id, handout_id, user_id
