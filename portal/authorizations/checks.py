"""Deployment check: signed authorizations need a usable seal (``check --deploy``)."""

import datetime

from django.conf import settings
from django.core.checks import Tags, Warning, register

RENEW_WITHIN = datetime.timedelta(days=30)
HINT = (
    "Set DJANGO_AUTHORIZATION_SEAL_KEY_FILE and DJANGO_AUTHORIZATION_SEAL_CERT_FILE "
    "(and DJANGO_AUTHORIZATION_SEAL_KEY_PASSPHRASE, DJANGO_AUTHORIZATION_SEAL_CHAIN_FILES "
    "if needed); `manage.py authorizations_seal_selfsigned` makes a staging seal."
)


def _warning(message: str) -> Warning:
    return Warning(message, hint=HINT, id="authorizations.W001")


@register(Tags.security, deploy=True)
def check_authorization_seal(app_configs=None, **kwargs):
    """The seal's key and certificate are configured, readable, a pair, and current."""
    from .sealing import load_seal_material

    key_file = getattr(settings, "AUTHORIZATION_SEAL_KEY_FILE", "")
    cert_file = getattr(settings, "AUTHORIZATION_SEAL_CERT_FILE", "")
    if not (key_file and cert_file):
        return [
            _warning(
                "No seal for signed authorizations is configured: they cannot be "
                "sealed (or carry only a development seal)."
            )
        ]
    try:
        material = load_seal_material(
            key_file,
            cert_file,
            passphrase=getattr(settings, "AUTHORIZATION_SEAL_KEY_PASSPHRASE", "") or "",
            chain_files=getattr(settings, "AUTHORIZATION_SEAL_CHAIN_FILES", ()) or (),
        )
    except (OSError, ValueError) as exc:
        return [_warning(f"The authorization seal cannot be used: {exc}")]
    certificate = material.certificate
    now = datetime.datetime.now(datetime.UTC)
    starts, ends = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if starts > now:
        return [_warning(f"The seal certificate is valid only from {starts:%Y-%m-%d}.")]
    if ends <= now:
        return [
            _warning(f"The authorization seal certificate expired on {ends:%Y-%m-%d}.")
        ]
    if ends - now <= RENEW_WITHIN:
        return [
            _warning(
                f"The authorization seal certificate expires on {ends:%Y-%m-%d}; "
                "renew it."
            )
        ]
    return []
