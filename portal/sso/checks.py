from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import config


@checks.register(checks.Tags.security)
def sso_settings(app_configs=None, **kwargs):
    """A configured provider needs a secret and a link rule we understand."""
    if not config.enabled():
        return []
    found = []
    try:
        config.link_rule()
    except ImproperlyConfigured as error:
        found.append(checks.Error(str(error), id="sso.E001"))
    from django.conf import settings

    if not settings.OIDC_RP_CLIENT_SECRET:
        found.append(
            checks.Error(
                "DJANGO_OIDC_CLIENT_SECRET is not set.",
                hint="The provider gives it with the client id.",
                id="sso.E002",
            )
        )
    return found
