"""The one licensed-download service both faces call, and the link tokens."""

import datetime

import pytest
from django.utils import timezone

from portal.licensing import selectors, services, tokens
from portal.licensing.models import LicenseDownload, Status

pytestmark = pytest.mark.django_db


def _granted(lic):
    start = timezone.localdate() + datetime.timedelta(days=10)
    application = services.application_submit(
        applicant=lic["licensee"].user,
        materials=[lic["ok"]],
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


def test_a_download_returns_the_material_and_is_logged(licensing):
    application = _granted(licensing)
    user = licensing["licensee"].user
    token = tokens.license_link_token(
        application=application, handout=licensing["ok"], user=user
    )
    handout = services.license_download(token=token, user=user, ip_address="10.0.0.1")
    assert handout == licensing["ok"]
    log = LicenseDownload.objects.get()
    assert (log.application, log.handout, log.user, log.ip_address) == (
        application,
        licensing["ok"],
        user,
        "10.0.0.1",
    )
    assert list(selectors.license_download_list(application=application)) == [log]


def test_a_refused_download_logs_nothing(licensing):
    application = _granted(licensing)
    token = tokens.license_link_token(
        application=application,
        handout=licensing["ok"],
        user=licensing["licensee"].user,
    )
    with pytest.raises(tokens.LinkRefused) as refused:
        services.license_download(token=token, user=licensing["colleague"].user)
    assert (refused.value.status, refused.value.code) == (403, "other_account")
    assert not LicenseDownload.objects.exists()


def test_a_forged_or_old_token_is_refused_before_any_lookup(settings):
    with pytest.raises(tokens.LinkRefused) as forged:
        tokens.license_link_read("1:2:3:forged")
    assert (forged.value.status, forged.value.code) == (403, "link_invalid")

    class Stub:
        pk = 7

    token = tokens.license_link_token(application=Stub, handout=Stub, user=Stub)
    assert tokens.license_link_read(token) == (7, 7, 7)
    settings.LICENSE_LINK_DAYS = -1
    with pytest.raises(tokens.LinkRefused) as expired:
        tokens.license_link_read(token)
    assert (expired.value.status, expired.value.code) == (410, "link_expired")


def test_the_history_lists_every_step_in_order(licensing):
    application = _granted(licensing)
    steps = [
        event.to_status
        for event in selectors.license_event_list(application=application)
    ]
    assert steps == [
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.APPROVED,
        Status.GRANTED,
    ]
