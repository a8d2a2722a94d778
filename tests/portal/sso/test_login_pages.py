"""The login pages with and without single sign-on, and with the provider down."""

from unittest import mock

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from portal.sso.views import REFUSALS, UNAVAILABLE
from tests.factories import sso as flow
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD

from .conftest import configure

pytestmark = pytest.mark.django_db

CITY = "Sign in with the city account"


def test_without_a_provider_nothing_changes(client, settings):
    settings.OIDC_ISSUER = ""
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert reverse("sso:login") not in page.content.decode()
    assert client.get(reverse("sso:login")).status_code == 404
    assert client.get(reverse("sso:callback")).status_code == 404
    assert "portal.sso.backends.CityAccountBackend" not in (
        settings.AUTHENTICATION_BACKENDS
    )


def test_the_site_login_offers_the_city_account_before_the_password_form(client, sso):
    page = client.get("/en" + reverse("accounts:login") + "?next=/my/hours/")
    html = page.content.decode()
    assert page.status_code == 200
    assert CITY in html
    assert html.index(reverse("sso:login")) < html.index('name="password"')
    assert "next=%2Fmy%2Fhours%2F" in html and "lang=en" in html


def test_the_admin_login_offers_the_city_account_before_the_password_form(client, sso):
    page = client.get(reverse("wagtailadmin_login"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(reverse("sso:login")) < html.index('name="password"')
    assert "via=admin" in html


def test_an_admin_sign_in_lands_in_the_admin(client, sso):
    from portal.accounts.roles import HR_OFFICERS

    agencies = make_agencies()
    hr = make_person("hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    flow.provider_user(sso, "sub-hr", email=hr.email, email_verified=True)

    response = flow.sign_in(client, "sub-hr", via="admin")

    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(response["Location"]).status_code == 200


def test_a_provider_that_is_down_leaves_the_password_login_working(client, settings):
    configure(settings, flow.closed_port_url())
    agencies = make_agencies()
    person = make_person("dora", agencies["it"])

    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert reverse("sso:login") in page.content.decode()

    response = client.get(reverse("sso:login"), {"lang": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en" + reverse("accounts:login")
    with translation.override("en"):
        expected = str(REFUSALS[UNAVAILABLE])
    assert expected in [str(m) for m in get_messages(response.wsgi_request)]
    assert client.get(response["Location"]).status_code == 200

    client.post(reverse("accounts:login"), {"username": "dora", "password": PASSWORD})
    assert client.session.get(SESSION_KEY) == str(person.user.pk)


def test_a_discovery_document_naming_another_issuer_is_not_trusted(
    client, settings, provider
):
    real = requests.get(f"{provider}/.well-known/openid-configuration", timeout=10)
    forged = {**real.json(), "issuer": "https://elsewhere.example"}
    answer = mock.Mock(status_code=200, json=lambda: forged)
    configure(settings, provider)

    with mock.patch("portal.sso.discovery.requests.get", return_value=answer):
        response = client.get(reverse("sso:login"))

    assert response["Location"] == reverse("accounts:login")
    assert client.session.get(SESSION_KEY) is None


def test_a_sign_in_started_in_english_lands_on_the_english_classes_page(client, sso):
    agencies = make_agencies()
    person = make_person("erin", agencies["it"], email="erin@city.test")
    flow.provider_user(sso, "sub-erin", email=person.email, email_verified=True)

    response = flow.sign_in(client, "sub-erin", lang="en")

    assert response["Location"] == "/en" + reverse("portal:my_classes")


def test_the_system_check_names_a_bad_link_claim_and_a_missing_secret(settings):
    from portal.sso.checks import sso_settings

    configure(settings, "https://city.example")
    assert sso_settings() == []
    settings.OIDC_LINK_CLAIM = "phone"
    settings.OIDC_RP_CLIENT_SECRET = ""
    assert {error.id for error in sso_settings()} == {"sso.E001", "sso.E002"}
