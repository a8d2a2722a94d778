"""Single sign-on against a real OpenID Connect provider started in the test
(oidc-provider-mock in a thread): the browser's walk is the Django test client
for our pages and ``requests`` for the provider's."""

import logging
from unittest import mock

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from portal.sso import services
from portal.sso.backends import CityAccountBackend
from portal.sso.models import ExternalIdentity
from portal.sso.views import REFUSALS
from tests.factories import sso as flow
from tests.factories.people import make_agencies, make_person, valid_national_id
from tests.factories.users import PASSWORD

from .conftest import configure

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return make_agencies()


@pytest.fixture
def alice(agencies):
    return make_person(
        "alice", agencies["it"], email="alice@city.test", employee_number="E1001"
    )


def signed_in_user(client):
    return client.session.get(SESSION_KEY)


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_refused(client, response, code, *, page=None):
    assert response.status_code == 302
    assert response["Location"] == (page or reverse("accounts:login"))
    # The message is in the language the sign-in started in (/en/: English).
    language = "en" if (page or "").startswith("/en/") else "zh-hant"
    with translation.override(language):
        assert str(REFUSALS[code]) in message_texts(response)
    assert signed_in_user(client) is None


# Signing in and linking -------------------------------------------------------


def test_a_known_person_signs_in_with_a_verified_email_and_lands_on_their_classes(
    client, sso, alice
):
    flow.provider_user(sso, "sub-alice", email="Alice@City.TEST", email_verified=True)

    response = flow.sign_in(client, "sub-alice")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_classes")
    assert signed_in_user(client) == str(alice.user.pk)
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject, identity.linked_by) == (
        alice.user,
        sso,
        "sub-alice",
        "email",
    )
    assert client.get(reverse("portal:my_classes")).status_code == 200


def test_the_second_sign_in_finds_the_person_by_subject_not_by_email(
    client, sso, alice
):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    flow.sign_in(client, "sub-alice")
    client.logout()
    # The provider's e-mail changes (and is unverified): the link still holds.
    flow.provider_user(sso, "sub-alice", email="new@else.test", email_verified=False)

    response = flow.sign_in(client, "sub-alice")

    assert response["Location"] == reverse("portal:my_classes")
    assert signed_in_user(client) == str(alice.user.pk)
    assert ExternalIdentity.objects.get().last_login_at is not None
    assert ExternalIdentity.objects.count() == 1


def test_a_safe_next_is_honoured_and_an_outside_one_ignored(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    response = flow.sign_in(client, "sub-alice", next=reverse("portal:my_hours"))
    assert response["Location"] == reverse("portal:my_hours")

    client.logout()
    response = flow.sign_in(client, "sub-alice", next="https://evil.example/")
    assert response["Location"] == reverse("portal:my_classes")


def test_employee_number_links_when_configured(client, settings, provider, alice):
    configure(settings, provider, link_claim="employee_number")
    flow.provider_user(provider, "sub-e", employee_number="E1001")

    response = flow.sign_in(client, "sub-e")

    assert signed_in_user(client) == str(alice.user.pk)
    assert response["Location"] == reverse("portal:my_classes")
    assert ExternalIdentity.objects.get().linked_by == "employee_number"


def test_an_employee_number_two_records_share_is_refused(
    client, settings, provider, agencies, alice
):
    make_person("alice2", agencies["edu"], employee_number="E1001")
    configure(settings, provider, link_claim="employee_number")
    flow.provider_user(provider, "sub-e2", employee_number="E1001")

    response = flow.sign_in(client, "sub-e2")

    assert_refused(client, response, services.AMBIGUOUS)
    assert not ExternalIdentity.objects.exists()


def test_a_hashed_national_id_claim_links_without_keeping_the_number(
    client, settings, provider, agencies, caplog
):
    number = valid_national_id(424242)
    person = make_person("carol", agencies["edu"], national_id=number)
    configure(settings, provider, link_claim="national_id:idNo")
    flow.provider_user(provider, "sub-carol", idNo=number.lower())
    caplog.set_level(logging.DEBUG)

    authorize_url = flow.start(client)
    assert number not in authorize_url
    redirect = flow.authorize(authorize_url, "sub-carol")
    assert number not in redirect
    response = flow.callback(client, redirect)

    assert response["Location"] == reverse("portal:my_classes")
    assert signed_in_user(client) == str(person.user.pk)
    identity = ExternalIdentity.objects.get()
    assert identity.linked_by == "national_id"
    assert number not in f"{identity.subject} {identity.issuer}"
    # Neither the session (no ID token kept) nor our logs hold the number.
    session = client.session
    assert "oidc_id_token" not in session
    assert number not in str(dict(session.items()))
    assert number.lower() not in caplog.text and number not in caplog.text


def test_a_national_id_nobody_has_is_refused_as_unknown(
    client, settings, provider, alice
):
    configure(settings, provider, link_claim="national_id:idNo")
    flow.provider_user(provider, "sub-x", idNo=valid_national_id(99))

    response = flow.sign_in(client, "sub-x", lang="en")

    assert_refused(client, response, services.UNKNOWN, page="/en/accounts/login/")


# Refusals ------------------------------------------------------------------------


def test_an_unknown_person_is_refused_with_a_message_and_no_account(client, sso, alice):
    users_before = get_user_model().objects.count()
    flow.provider_user(sso, "sub-nobody", email="nobody@city.test", email_verified=True)

    response = flow.sign_in(client, "sub-nobody", lang="en")

    assert_refused(client, response, services.UNKNOWN, page="/en/accounts/login/")
    assert get_user_model().objects.count() == users_before
    assert not ExternalIdentity.objects.exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "We could not find your record" in page.content.decode()


def test_an_unknown_person_gets_a_bare_account_only_when_configured(
    client, settings, sso
):
    settings.OIDC_CREATE_USERS = True
    flow.provider_user(
        sso, "sub-new", email="new@city.test", email_verified=True, given_name="新"
    )

    response = flow.sign_in(client, "sub-new")

    user = get_user_model().objects.get(external_identities__subject="sub-new")
    assert signed_in_user(client) == str(user.pk)
    assert response["Location"] == reverse("portal:my_classes")
    assert (user.email, user.first_name, user.has_usable_password()) == (
        "new@city.test",
        "新",
        False,
    )
    assert not user.groups.exists() and not user.is_staff
    assert ExternalIdentity.objects.get().linked_by == services.CREATED


def test_an_unverified_email_is_refused(client, sso, alice):
    flow.provider_user(sso, "sub-u", email="alice@city.test", email_verified=False)

    response = flow.sign_in(client, "sub-u")

    assert_refused(client, response, services.UNVERIFIED)
    assert not ExternalIdentity.objects.exists()


def test_an_email_two_accounts_share_is_refused(client, sso, agencies, alice):
    make_person("alice_b", agencies["edu"], email="ALICE@city.test")
    flow.provider_user(sso, "sub-a", email="alice@city.test", email_verified=True)

    response = flow.sign_in(client, "sub-a")

    assert_refused(client, response, services.AMBIGUOUS)


def test_an_inactive_user_is_refused_even_when_already_linked(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    flow.sign_in(client, "sub-alice")
    client.logout()
    alice.user.is_active = False
    alice.user.save()

    response = flow.sign_in(client, "sub-alice")

    assert_refused(client, response, services.INACTIVE)


def test_an_inactive_user_is_not_linked(client, sso, alice):
    alice.user.is_active = False
    alice.user.save()
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)

    assert_refused(client, flow.sign_in(client, "sub-alice"), services.INACTIVE)
    assert not ExternalIdentity.objects.exists()


def test_a_second_provider_account_cannot_take_over_a_linked_person(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    flow.sign_in(client, "sub-alice")
    client.logout()
    flow.provider_user(sso, "sub-other", email="alice@city.test", email_verified=True)

    response = flow.sign_in(client, "sub-other")

    assert_refused(client, response, services.LINKED_ELSEWHERE)
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == [
        "sub-alice"
    ]


def test_a_tampered_state_is_refused(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    redirect = flow.authorize(flow.start(client), "sub-alice")
    state = flow.query(redirect)["state"]
    tampered = redirect.replace(f"state={state}", f"state={state[:-1]}X")

    response = flow.callback(client, tampered)

    assert_refused(client, response, services.FAILED)
    assert not ExternalIdentity.objects.exists()


def test_a_callback_without_a_started_sign_in_is_refused(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    redirect = flow.authorize(flow.start(client), "sub-alice")
    other_browser = client.__class__()

    response = flow.callback(other_browser, redirect)

    assert response.status_code == 302
    assert signed_in_user(other_browser) is None


def test_a_code_issued_to_another_client_is_refused(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    ours = flow.start(client)
    # The same request (state, nonce) sent to the provider as another client.
    theirs = ours.replace("client_id=civiclearn", "client_id=another-app")
    redirect = flow.authorize(theirs, "sub-alice")

    response = flow.callback(client, redirect)

    assert_refused(client, response, services.FAILED)


def test_an_id_token_for_another_audience_is_refused(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    ours = flow.start(client)
    # A genuine token of the provider, signed and with our nonce, but issued to
    # another application, handed to our callback in place of ours.
    theirs = ours.replace("client_id=civiclearn", "client_id=another-app")
    redirect = flow.authorize(theirs, "sub-alice")
    metadata = requests.get(f"{sso}/.well-known/openid-configuration", timeout=10)
    tokens = requests.post(
        metadata.json()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": flow.query(redirect)["code"],
            "redirect_uri": flow.query(ours)["redirect_uri"],
            "client_id": "another-app",
            "client_secret": "theirs",
            "code_verifier": "unused",
        },
        timeout=10,
    ).json()
    assert "id_token" in tokens, tokens

    with mock.patch.object(CityAccountBackend, "get_token", return_value=tokens):
        response = flow.callback(client, redirect)

    assert_refused(client, response, services.FAILED)
    assert not ExternalIdentity.objects.exists()


def test_a_denied_consent_is_refused_without_signing_anyone_out(client, sso, alice):
    client.force_login(alice.user)
    # A forged error answer for a sign-in this browser never started.
    response = client.get(reverse("sso:callback") + "?error=access_denied&state=x")
    assert response.status_code == 302
    assert signed_in_user(client) == str(alice.user.pk)


# Logout ---------------------------------------------------------------------------


def test_signing_out_ends_the_provider_session_too(client, sso, alice):
    flow.provider_user(sso, "sub-alice", email="alice@city.test", email_verified=True)
    flow.sign_in(client, "sub-alice")
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{sso}/oauth2/end_session?")
    params = flow.query(location)
    assert params["id_token_hint"] == id_token
    assert params["client_id"] == "civiclearn"
    assert params["post_logout_redirect_uri"] == "http://testserver/"
    assert signed_in_user(client) is None
    # The provider accepts it and offers the way back.
    page = requests.get(location, timeout=10)
    assert page.status_code == 200 and "http://testserver/" in page.text


def test_signing_out_of_the_admin_ends_the_provider_session_too(client, sso, agencies):
    from portal.accounts.roles import HR_OFFICERS

    hr = make_person("hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    flow.provider_user(sso, "sub-hr", email=hr.email, email_verified=True)
    flow.sign_in(client, "sub-hr", via="admin")

    response = client.post(reverse("wagtailadmin_logout"))

    assert response["Location"].startswith(f"{sso}/oauth2/end_session?")
    assert flow.query(response["Location"])["post_logout_redirect_uri"] == (
        "http://testserver" + reverse("wagtailadmin_login")
    )


def test_a_password_sign_out_stays_on_the_site(client, sso, alice):
    client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert signed_in_user(client) == str(alice.user.pk)

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == "/"
