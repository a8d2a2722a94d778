"""Single sign-on settings, read from Django settings (``DJANGO_OIDC_*`` variables).

Nothing here is active unless ``OIDC_ISSUER`` and ``OIDC_RP_CLIENT_ID`` are set.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

EMAIL = "email"
EMPLOYEE_NUMBER = "employee_number"
NATIONAL_ID = "national_id"
LINK_KINDS = (EMAIL, EMPLOYEE_NUMBER, NATIONAL_ID)


@dataclass(frozen=True)
class LinkRule:
    """How a first sign-in finds the person: which kind of value, in which claim."""

    kind: str
    claim: str


def enabled() -> bool:
    """Whether the city account sign-in is configured."""
    return bool(
        getattr(settings, "OIDC_ISSUER", "")
        and getattr(settings, "OIDC_RP_CLIENT_ID", "")
    )


def issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def link_rule() -> LinkRule:
    """``OIDC_LINK_CLAIM``: ``email`` (the default), ``employee_number`` or
    ``national_id``, optionally with the provider's claim name after a colon
    (``national_id:idNo``); without one the claim is named like the kind."""
    raw = (getattr(settings, "OIDC_LINK_CLAIM", "") or EMAIL).strip()
    kind, _sep, claim = raw.partition(":")
    kind, claim = kind.strip(), claim.strip() or kind.strip()
    if kind not in LINK_KINDS:
        raise ImproperlyConfigured(
            f"OIDC_LINK_CLAIM must start with one of {', '.join(LINK_KINDS)}; "
            f"got {raw!r}."
        )
    return LinkRule(kind=kind, claim=claim)


def create_users() -> bool:
    return bool(getattr(settings, "OIDC_CREATE_USERS", False))
