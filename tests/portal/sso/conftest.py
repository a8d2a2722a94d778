import pytest

from tests.factories.sso import CLIENT_ID, CLIENT_SECRET, running_provider

BACKEND = "portal.sso.backends.CityAccountBackend"
MIDDLEWARE = "portal.sso.middleware.ProviderLogoutMiddleware"


@pytest.fixture(scope="module")
def provider():
    """One real provider per test module: its issuer URL."""
    with running_provider() as issuer:
        yield issuer


def configure(settings, issuer, link_claim="email"):
    """The settings the DJANGO_OIDC_* variables give (cms/settings/base.py)."""
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_LINK_CLAIM = link_claim
    settings.OIDC_CREATE_USERS = False
    if BACKEND not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


@pytest.fixture
def sso(settings, provider):
    """Single sign-on configured against the running provider."""
    configure(settings, provider)
    return provider
