"""Signed handout links, for clients that cannot send headers: a link acts for
the user it was made for, on one handout, until HANDOUT_LINK_MAX_AGE seconds pass.
Whether that user may download the handout is still the selectors' decision."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Handout

SALT = "civiclearn.api.handout-link"


class LinkRefused(Exception):
    """A signature that is forged, expired or made for another handout."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _signer():
    return signing.TimestampSigner(salt=SALT)


def handout_link_sign(*, handout: Handout, user) -> tuple[str, datetime.datetime]:
    """A signature acting for ``user`` on ``handout``, and when it expires."""
    signature = _signer().sign(f"{handout.pk}:{user.pk}")
    expires_at = timezone.now() + datetime.timedelta(
        seconds=settings.HANDOUT_LINK_MAX_AGE
    )
    return signature, expires_at


def handout_link_user(*, signature: str, handout: Handout):
    """The active user ``signature`` acts for on ``handout``: LinkRefused if it is
    forged, expired or of another handout, 404 if the account is gone."""
    try:
        value = _signer().unsign(signature, max_age=settings.HANDOUT_LINK_MAX_AGE)
        handout_id, user_id = (int(part) for part in value.split(":"))
    except (signing.BadSignature, ValueError) as exc:
        raise LinkRefused("This link is invalid or has expired.") from exc
    if handout_id != handout.pk:
        raise LinkRefused("This link is for another handout.")
    return get_object_or_404(get_user_model(), pk=user_id, is_active=True)
