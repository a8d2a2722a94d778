"""Admin writes to enrolments, outgoing e-mails and licences go through the services
or are refused: no generic model form changes these rows."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import ORGANIZERS
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import Enrolment, EnrolmentEvent, EnrolmentStatus
from portal.enrolment.signals import enrolment_status_changed
from portal.licensing import services as licensing_services
from portal.licensing.models import LicenseApplication
from portal.notifications.models import EmailStatus, OutgoingEmail
from tests.factories.catalog import make_course, make_session
from tests.factories.licensing import make_licensing_world
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
S = EnrolmentStatus


def refused(response):
    """Wagtail answers a forbidden admin view with 403 or a bounce to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.fixture
def organizer_client(client):
    client.force_login(make_user("organizer", ORGANIZERS))
    return client


@pytest.fixture
def manual_session(catalog):
    return make_session(
        make_course(catalog, title="領導力研習"), capacity=1, selection_mode="manual"
    )


def _apply(session, n):
    agency = make_agencies()["it"]
    return [
        enrolment_services.enrolment_register(
            session=session, trainee=make_person(f"t{i}", agency).user
        )
        for i in range(n)
    ]


def _edit(client, enrolment, status, reason=""):
    return client.post(
        reverse("enrolments:edit", args=[enrolment.pk]),
        {"status": status, "reason": reason},
    )


# Enrolments ------------------------------------------------------------------


def test_selecting_in_the_admin_goes_through_the_enrolment_service(
    organizer_client, manual_session
):
    (applicant,) = _apply(manual_session, 1)
    assert applicant.status == S.APPLIED
    page = organizer_client.get(reverse("enrolments:edit", args=[applicant.pk]))
    assert page.status_code == 200
    assert set(dict(page.context["form"].fields["status"].choices)) == {
        S.APPLIED,
        S.SELECTED,
        S.REFUSED,
        S.WITHDRAWN,
    }
    signalled = []

    def receiver(sender, enrolment, from_status, **kwargs):
        signalled.append((enrolment.pk, from_status, enrolment.status))

    enrolment_status_changed.connect(receiver)
    try:
        response = _edit(organizer_client, applicant, S.SELECTED, "名額保留")
    finally:
        enrolment_status_changed.disconnect(receiver)
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == S.SELECTED
    assert signalled == [(applicant.pk, S.APPLIED, S.SELECTED)]
    event = EnrolmentEvent.objects.filter(enrolment=applicant).latest("pk")
    assert (event.to_status, event.reason) == (S.SELECTED, "名額保留")
    assert OutgoingEmail.objects.filter(template_key="summons").count() == 1


def test_the_admin_cannot_select_beyond_capacity(organizer_client, manual_session):
    first, second = _apply(manual_session, 2)
    assert _edit(organizer_client, first, S.SELECTED).status_code == 302
    response = _edit(organizer_client, second, S.SELECTED)
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    second.refresh_from_db()
    assert second.status == S.APPLIED
    assert Enrolment.objects.filter(status=S.SELECTED).count() == 1


def test_withdrawing_in_the_admin_promotes_the_waiting_list(organizer_client, catalog):
    session = make_session(make_course(catalog), capacity=1)  # first come
    seated, waiting = _apply(session, 2)
    assert (seated.status, waiting.status) == (S.SELECTED, S.WAITLISTED)
    assert _edit(organizer_client, seated, S.WITHDRAWN, "公務").status_code == 302
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (S.WITHDRAWN, S.SELECTED)
    assert OutgoingEmail.objects.filter(template_key="waitlist_promotion").exists()


@pytest.mark.parametrize("status", [S.SUBSTITUTED, S.WAITLISTED, "nonsense"])
def test_statuses_no_service_sets_by_hand_are_refused(
    organizer_client, manual_session, status
):
    (applicant,) = _apply(manual_session, 1)
    response = _edit(organizer_client, applicant, status)
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    applicant.refresh_from_db()
    assert applicant.status == S.APPLIED


def test_enrolments_cannot_be_deleted_in_the_admin(organizer_client, manual_session):
    (applicant,) = _apply(manual_session, 1)
    url = reverse("enrolments:delete", args=[applicant.pk])
    assert refused(organizer_client.post(url))
    assert Enrolment.objects.filter(pk=applicant.pk).exists()


# Outgoing e-mails --------------------------------------------------------------


@pytest.fixture
def failed_email():
    return OutgoingEmail.objects.create(
        template_key="summons", to="x@example.test", subject="調訓通知", body="...",
        status=EmailStatus.FAILED, attempts=5, last_error="SMTPServerDisconnected",
    )  # fmt: skip


@pytest.mark.parametrize("superuser", [False, True])
def test_outgoing_emails_cannot_be_edited_or_deleted(client, failed_email, superuser):
    user = make_user("someone", ORGANIZERS, is_superuser=superuser, is_staff=True)
    client.force_login(user)
    for name in ("edit", "delete"):
        url = reverse(f"outgoing_emails:{name}", args=[failed_email.pk])
        assert refused(client.get(url))
        assert refused(client.post(url, {"status": EmailStatus.SENT}))
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.FAILED
    assert (
        client.get(
            reverse("outgoing_emails:inspect", args=[failed_email.pk])
        ).status_code
        == 200
    )


def test_a_failed_email_is_retried_through_the_service(
    organizer_client, failed_email, django_capture_on_commit_callbacks
):
    url = reverse("outgoing_emails:inspect", args=[failed_email.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert organizer_client.post(url).status_code == 302
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.SENT and failed_email.attempts == 1
    assert len(mail.outbox) == 1
    # Not failed any more: nothing to retry.
    assert refused(organizer_client.post(url))
    assert len(mail.outbox) == 1


def test_hr_officers_cannot_retry_mail(client, failed_email):
    agency = make_agencies()["it"]
    hr = make_person("hr", agency, "HR officers", hr_agency=agency)
    client.force_login(hr.user)
    url = reverse("outgoing_emails:inspect", args=[failed_email.pk])
    response = client.post(url)
    assert refused(response) or response.status_code == 404
    failed_email.refresh_from_db()
    assert failed_email.status == EmailStatus.FAILED


# Licences --------------------------------------------------------------------


def test_licences_cannot_be_edited_or_deleted_through_generic_views(client, site_tree):
    lic = make_licensing_world(site_tree)
    start = timezone.localdate() + datetime.timedelta(days=10)
    application = licensing_services.application_submit(
        applicant=lic["licensee"].user,
        materials=[lic["ok"]],
        purpose="新進人員資安訓練",
        audience="本局新進人員",
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
        users_count=40,
        terms_accepted=True,
    )
    admin = make_user("admin", is_superuser=True, is_staff=True)
    for user in (lic["organizer"], admin):
        client.force_login(user)
        for name in ("edit", "delete"):
            url = reverse(f"licenses:{name}", args=[application.pk])
            assert refused(client.get(url))
            assert refused(client.post(url, {"conditions": "任意條件"}))
    application.refresh_from_db()
    assert application.conditions == ""
    assert LicenseApplication.objects.filter(pk=application.pk).exists()
