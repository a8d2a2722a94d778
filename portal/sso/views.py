"""Sign-in with the city account: start (to the provider) and callback (back).

Thin faces over mozilla-django-oidc's views: the endpoints come from discovery,
every failure becomes a message on the login page it started from (never a 500),
and a trainee lands on their own classes unless a safe ``next`` says otherwise.
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import config, discovery, services
from .backends import REFUSAL_ATTRIBUTE

logger = logging.getLogger("civiclearn.sso")

UNAVAILABLE = "unavailable"
REFUSALS = {
    services.UNKNOWN: _(
        "We could not find your record for this city account. Ask your agency's "
        "HR office to check the e-mail or employee number on your record, or sign "
        "in with your username and password."
    ),
    services.MISSING: _(
        "The city account did not share the details needed to find your record. "
        "Sign in with your username and password, or ask the training institute."
    ),
    services.UNVERIFIED: _(
        "The e-mail address of your city account is not verified, so it cannot be "
        "used to sign in here. Verify it at the city account service first."
    ),
    services.AMBIGUOUS: _(
        "More than one record matches your city account. Ask the training "
        "institute to sort it out; until then, sign in with your password."
    ),
    services.INACTIVE: _(
        "This account is disabled. Ask the training institute if you need it again."
    ),
    services.LINKED_ELSEWHERE: _(
        "Your record is already linked to another city account. Ask the training "
        "institute to check it."
    ),
    services.FAILED: _(
        "Signing in with the city account did not succeed. Please try again."
    ),
    UNAVAILABLE: _(
        "The city account service cannot be reached right now. Sign in with your "
        "username and password, or try again later."
    ),
}

# Session keys: the login page to come back to on failure, and whether the
# person signed in through the provider (for its logout).
LOGIN_PAGE_KEY = "sso_login_page"
LANGUAGE_KEY = "sso_language"
ISSUER_KEY = "sso_issuer"


def _login_page(request) -> str:
    page = request.session.get(LOGIN_PAGE_KEY) or ""
    if page.startswith("/") and url_has_allowed_host_and_scheme(
        page, allowed_hosts={request.get_host()}
    ):
        return page
    return reverse("accounts:login")


def _refuse(request, code: str):
    # In the language of the page the sign-in started from: the callback's
    # address has no language prefix.
    language = request.session.get(LANGUAGE_KEY)
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    with translation.override(language):
        messages.error(request, str(REFUSALS.get(code, REFUSALS[services.FAILED])))
    return HttpResponseRedirect(_login_page(request))


class CityLoginStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (GET, with an optional safe ``next``)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # endpoints are read on use, not at import

    def get(self, request):
        if not config.enabled():
            raise Http404
        admin = request.GET.get("via") == "admin"
        language = request.GET.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = get_language()
        request.session[LANGUAGE_KEY] = language
        with translation.override(language):
            request.session[LOGIN_PAGE_KEY] = reverse(
                "wagtailadmin_login" if admin else "accounts:login"
            )
        try:
            metadata = discovery.provider_metadata()
        except discovery.ProviderUnavailable:
            return _refuse(request, UNAVAILABLE)
        self.OIDC_OP_AUTH_ENDPOINT = metadata["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response = super().get(request)
        if admin and not request.session.get("oidc_login_next"):
            request.session["oidc_login_next"] = reverse("wagtailadmin_home")
        return response

    def get_extra_params(self, request):
        # The provider's pages in the person's language, where it has them.
        language = request.session.get(LANGUAGE_KEY)
        return {"ui_locales": "en" if language == "en" else "zh-TW"}


class CityLoginCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back: check, link, sign in; or say why not."""

    def get(self, request):
        if not config.enabled():
            raise Http404
        states = request.session.get("oidc_states") or {}
        if request.GET.get("error") and request.GET.get("state") not in states:
            # The library signs the person out on any error answer; only one
            # for a sign-in this browser started may do that.
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A tampered or replayed state, a token for another client, a bad
            # signature: refused, with no detail for the browser.
            logger.warning("city sign-in refused: %s", error)
            return self.login_failure()
        except discovery.ProviderUnavailable:
            return _refuse(request, UNAVAILABLE)
        except (requests.RequestException, ValueError, KeyError) as error:
            logger.warning("city sign-in failed talking to the provider: %s", error)
            return self.login_failure()

    def login_failure(self):
        code = getattr(self.request, REFUSAL_ATTRIBUTE, None) or services.FAILED
        return _refuse(self.request, code)

    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        language = self.request.session.get(LANGUAGE_KEY)
        if language not in dict(settings.LANGUAGES):
            language = get_language()
        with translation.override(language):
            return reverse("portal:my_classes")

    def login_success(self):
        response = super().login_success()
        self.request.session[ISSUER_KEY] = config.issuer()
        self.request.session.pop(LOGIN_PAGE_KEY, None)
        return response
