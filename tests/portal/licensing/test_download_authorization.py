"""Licensed downloads ask again, at each download, whether the lecturer's
authorization still covers reuse: on the site and through the API alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from wagtail.models import APIToken

from portal.authorizations.models import Authorization
from portal.lecturers.models import LecturerProfile
from portal.licensing import selectors, services, tokens
from portal.licensing.models import LicenseDownload, Status
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


def _granted(lic):
    start = timezone.localdate() + datetime.timedelta(days=10)
    application = services.application_submit(
        applicant=lic["licensee"].user,
        materials=[lic["ok"], lic["ok2"]],
        purpose="新進人員資安訓練",
        audience="本局新進人員",
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
        users_count=40,
        terms_accepted=True,
    )
    for status in (Status.UNDER_REVIEW, Status.APPROVED, Status.GRANTED):
        application = services.application_transition(
            application=application, actor=lic["organizer"], to_status=status
        )
    return application


def _withdraw(handout):
    """The lecturer withdraws, on the site, every authorization covering it."""
    from portal.authorizations import services as authorization_services
    from tests.factories.users import make_user

    lecturer_user = make_user(f"lect{handout.pk}", "Lecturers")
    LecturerProfile.objects.get_or_create(
        lecturer=handout.lecturer, defaults={"user": lecturer_user}
    )
    for authorization in Authorization.objects.filter(materials=handout):
        authorization_services.authorization_withdraw(
            authorization=authorization, actor=lecturer_user
        )


def _token(lic, application, handout):
    return tokens.license_link_token(
        application=application, handout=handout, user=lic["licensee"].user
    )


def test_a_withdrawal_after_the_grant_refuses_the_site_download(client, licensing):
    application = _granted(licensing)
    token = _token(licensing, application, licensing["ok"])
    assert client.login(username=licensing["licensee"].user.username, password=PASSWORD)
    url = reverse("licensing:download", args=[token])
    assert client.get(url).status_code == 200  # authorized: served

    _withdraw(licensing["ok"])
    response = client.get(url)
    assert response.status_code == 403
    assert response.context["code"] == "authorization_withdrawn"
    assert licensing["ok"].title in response.content.decode()
    assert LicenseDownload.objects.count() == 1  # the refused one is not logged
    # The other material of the license is still covered.
    other = reverse(
        "licensing:download", args=[_token(licensing, application, licensing["ok2"])]
    )
    assert client.get(other).status_code == 200


def test_a_withdrawal_after_the_grant_refuses_the_api_download(licensing):
    application = _granted(licensing)
    api = APIClient()
    _token_row, plaintext = APIToken.create_token(
        user=licensing["licensee"].user, name="test"
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    url = reverse(
        "api:license-download", args=[_token(licensing, application, licensing["ok"])]
    )
    assert api.get(url).status_code == 200

    _withdraw(licensing["ok"])
    response = api.get(url)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "authorization_withdrawn"
    assert LicenseDownload.objects.count() == 1


def test_the_shared_check_refuses_and_links_are_no_longer_offered(licensing):
    application = _granted(licensing)
    user = licensing["licensee"].user
    token = _token(licensing, application, licensing["ok"])
    _withdraw(licensing["ok"])
    with pytest.raises(tokens.LinkRefused) as refused:
        services.license_link_check(token=token, user=user)
    assert (refused.value.status, refused.value.code) == (
        403,
        "authorization_withdrawn",
    )
    offered = selectors.download_tokens(application=application, viewer=user)
    assert [material for material, _token in offered] == [licensing["ok2"]]


def test_a_material_whose_authorization_expired_is_refused_too(client, licensing):
    application = _granted(licensing)
    token = _token(licensing, application, licensing["ok"])
    Authorization.objects.filter(materials=licensing["ok"]).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.login(username=licensing["licensee"].user.username, password=PASSWORD)
    response = client.get(reverse("licensing:download", args=[token]))
    assert response.status_code == 403
    assert response.context["code"] == "authorization_withdrawn"


def test_refusal_codes_name_each_reason(client, licensing):
    application = _granted(licensing)
    token = _token(licensing, application, licensing["ok"])
    assert client.login(
        username=licensing["colleague"].user.username, password=PASSWORD
    )
    response = client.get(reverse("licensing:download", args=[token]))
    assert (response.status_code, response.context["code"]) == (403, "other_account")
    response = client.get(reverse("licensing:download", args=[token + "x"]))
    assert (response.status_code, response.context["code"]) == (403, "link_invalid")
