import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.licensing import selectors, services, tokens
from portal.licensing.models import LicenseApplication, LicenseDownload, Status
from portal.notifications.models import OutgoingEmail
from tests.factories.authorizations import withdraw_all
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    assert client.login(username=user.username, password=PASSWORD)
    return user


def _form(materials, **overrides):
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "materials": [m.pk for m in materials],
        "purpose": "新進人員資安訓練",
        "audience": "本局新進人員",
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=90)).isoformat(),
        "users_count": "40",
        "terms_accepted": "on",
    }
    data.update(overrides)
    return data


def _apply(lic, person=None, materials=None):
    person = person or lic["licensee"]
    start = timezone.localdate() + datetime.timedelta(days=10)
    return services.application_submit(
        applicant=person.user,
        materials=materials or [lic["ok"]],
        purpose="新進人員資安訓練",
        audience="本局新進人員",
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
        users_count=40,
        terms_accepted=True,
    )


def _grant(lic, application):
    for status in (Status.UNDER_REVIEW, Status.APPROVED, Status.GRANTED):
        application = services.application_transition(
            application=application, actor=lic["organizer"], to_status=status
        )
    return application


def _emails(application):
    return list(
        OutgoingEmail.objects.filter(body__contains=application.reference)
        .order_by("pk")
        .values_list("template_key", "to")
    )


def test_whole_path_from_application_to_download(client, licensing):
    lic = licensing
    _login(client, lic["licensee"])
    page = client.get(lic["page"].url)
    assert page.status_code == 200
    assert "資安講義" in page.content.decode() and 'name="materials"' in (
        page.content.decode()
    )
    response = client.post(lic["page"].url, _form([lic["ok"], lic["ok2"]]))
    application = LicenseApplication.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("licensing:detail", args=[application.reference])
    assert application.agency == lic["licensee"].agency
    assert set(application.materials.all()) == {lic["ok"], lic["ok2"]}
    assert application.status == Status.SUBMITTED

    # The organizer takes it through the review screen in the Wagtail admin.
    client.logout()
    _login(client, lic["organizer"])
    review = reverse("licenses:inspect", args=[application.pk])
    assert client.get(review).status_code == 200
    steps = [
        ("under_review", ""),
        ("approved", "僅限內部訓練使用，須註明出處。"),
        ("granted", ""),
    ]
    for status, note in steps:
        response = client.post(review, {"to_status": status, "note": note})
        assert response.status_code == 302, response.content.decode()[:500]
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.conditions == "僅限內部訓練使用，須註明出處。"
    assert application.links_expire_at == application.granted_at + datetime.timedelta(
        days=30
    )
    events = list(application.events.values_list("to_status", "actor__username"))
    assert events == [
        ("submitted", "lic"),
        ("under_review", "organizer"),
        ("approved", "organizer"),
        ("granted", "organizer"),
    ]
    # Exactly one e-mail per step, to the applicant.
    assert _emails(application) == [
        (key, "lic@example.test")
        for key in (
            "license_submitted",
            "license_under_review",
            "license_approved",
            "license_granted",
        )
    ]

    # The applicant downloads through the signed links on the license page.
    client.logout()
    _login(client, lic["licensee"])
    detail = client.get(reverse("licensing:detail", args=[application.reference]))
    links = detail.context["download_links"]
    assert {material for material, _url in links} == {lic["ok"], lic["ok2"]}
    url = {m.pk: u for m, u in links}[lic["ok"].pk]
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    log = LicenseDownload.objects.get()
    assert (log.application, log.handout, log.user) == (
        application,
        lic["ok"],
        lic["licensee"].user,
    )


def test_an_expired_link_is_refused_with_a_clear_message(client, licensing):
    application = _grant(licensing, _apply(licensing))
    user = _login(client, licensing["licensee"])
    token = tokens.license_link_token(
        application=application, handout=licensing["ok"], user=user
    )
    LicenseApplication.objects.filter(pk=application.pk).update(
        links_expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(reverse("licensing:download", args=[token]))
    assert response.status_code == 410
    assert response.context["code"] == "license_expired"
    assert not LicenseDownload.objects.exists()


def test_a_link_older_than_the_configured_days_is_refused(client, licensing, settings):
    application = _grant(licensing, _apply(licensing))
    user = _login(client, licensing["licensee"])
    token = tokens.license_link_token(
        application=application, handout=licensing["ok"], user=user
    )
    settings.LICENSE_LINK_DAYS = -1  # any signature is now too old
    response = client.get(reverse("licensing:download", args=[token]))
    assert response.status_code == 410
    assert response.context["code"] == "link_expired"


def test_someone_elses_or_a_forged_link_is_refused(client, licensing):
    application = _grant(licensing, _apply(licensing))
    token = tokens.license_link_token(
        application=application,
        handout=licensing["ok"],
        user=licensing["licensee"].user,
    )
    _login(client, licensing["colleague"])  # same agency, other account
    response = client.get(reverse("licensing:download", args=[token]))
    assert response.status_code == 403
    assert response.context["code"] == "other_account"
    # The colleague sees the license but gets no links of their own.
    detail = client.get(reverse("licensing:detail", args=[application.reference]))
    assert detail.status_code == 200 and detail.context["download_links"] == []
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.get(reverse("licensing:download", args=[forged]))
    assert response.status_code == 403
    assert response.context["code"] == "link_invalid"
    # A link to material outside the license, signed by someone else's key: refused.
    client.logout()
    response = client.get(reverse("licensing:download", args=[token]))
    assert response.status_code == 302  # sign in first
    assert not LicenseDownload.objects.exists()


@pytest.mark.parametrize("material", ["unauthorized", "closed"])
def test_non_licensable_material_cannot_be_requested_even_by_crafting_the_post(
    client, licensing, material
):
    _login(client, licensing["licensee"])
    response = client.post(
        licensing["page"].url, _form([licensing["ok"], licensing[material]])
    )
    assert response.status_code == 200
    assert not LicenseApplication.objects.exists()
    form = response.context["form"]
    assert form.errors["materials"]
    assert form.data["purpose"] == "新進人員資安訓練"  # what was typed is kept
    with pytest.raises(ValidationError) as error:
        _apply(licensing, materials=[licensing[material]])
    (refused,) = error.value.error_dict["materials"]
    assert refused.code == "not_licensable"
    assert refused.params["titles"] == licensing[material].title


def test_a_grant_is_refused_when_the_lecturer_withdrew_authorization(licensing):
    application = _apply(licensing)
    for status in (Status.UNDER_REVIEW, Status.APPROVED):
        application = services.application_transition(
            application=application, actor=licensing["organizer"], to_status=status
        )
    withdraw_all(licensing["ok"])
    with pytest.raises(ValidationError) as error:
        services.application_transition(
            application=application,
            actor=licensing["organizer"],
            to_status=Status.GRANTED,
        )
    assert [e.code for e in error.value.error_dict["materials"]] == ["not_licensable"]
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_a_licensee_sees_only_their_own_agencys_applications(client, licensing):
    mine = _apply(licensing)
    colleagues = _apply(licensing, person=licensing["colleague"])
    other = _apply(licensing, person=licensing["other_agency"])
    viewer = licensing["licensee"].user
    assert set(selectors.application_list(viewer=viewer)) == {mine, colleagues}
    assert set(selectors.application_list(viewer=licensing["organizer"])) == {
        mine,
        colleagues,
        other,
    }
    assert not selectors.application_list(viewer=licensing["trainee"].user).exists()
    _login(client, licensing["licensee"])
    listing = client.get(reverse("licensing:list")).content.decode()
    assert mine.reference in listing and other.reference not in listing
    response = client.get(reverse("licensing:detail", args=[other.reference]))
    assert response.status_code == 404


def test_anonymous_visitors_see_the_catalogue_and_are_asked_to_sign_in(
    client, licensing
):
    html = client.get(licensing["page"].url).content.decode()
    assert "資安講義" in html and "資安案例集" in html
    assert "未授權講義" not in html and "內部講義" not in html
    assert reverse("accounts:login") in html and "請來信申請機關帳號" in html
    assert 'name="materials"' not in html
    # A trainee account is not an agency account for licensing.
    _login(client, licensing["trainee"])
    html = client.get(licensing["page"].url).content.decode()
    assert 'name="materials"' not in html
    response = client.post(licensing["page"].url, _form([licensing["ok"]]))
    assert not LicenseApplication.objects.exists()
    assert response.status_code == 200


def test_only_reviewers_move_an_application_and_only_along_the_workflow(licensing):
    application = _apply(licensing)
    with pytest.raises(PermissionDenied):
        services.application_transition(
            application=application,
            actor=licensing["licensee"].user,
            to_status=Status.UNDER_REVIEW,
        )
    with pytest.raises(ValidationError) as error:  # cannot grant before approval
        services.application_transition(
            application=application,
            actor=licensing["organizer"],
            to_status=Status.GRANTED,
        )
    assert error.value.code == "invalid_transition"
    with pytest.raises(ValidationError) as error:  # a refusal needs its reason
        services.application_transition(
            application=application,
            actor=licensing["organizer"],
            to_status=Status.REFUSED,
        )
    assert [e.code for e in error.value.error_dict["note"]] == ["reason_required"]
    refused = services.application_transition(
        application=application,
        actor=licensing["organizer"],
        to_status=Status.REFUSED,
        note="教材已改版",
    )
    assert refused.refusal_reason == "教材已改版"
    assert [key for key, _to in _emails(application)] == [
        "license_submitted",
        "license_refused",
    ]
    assert "教材已改版" in OutgoingEmail.objects.latest("pk").body


def test_review_screen_keeps_the_note_and_shows_the_error(client, licensing):
    application = _apply(licensing)
    _login(client, licensing["organizer"])
    review = reverse("licenses:inspect", args=[application.pk])
    response = client.post(review, {"to_status": "refused", "note": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["note"]
    assert [e.code for e in errors] == ["reason_required"]
    response = client.post(review, {"to_status": "granted", "note": "備註"})
    assert response.status_code == 200
    assert "備註" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_register_lists_and_exports_licenses_with_downloads(client, licensing):
    application = _grant(licensing, _apply(licensing))
    services.license_download(
        token=tokens.license_link_token(
            application=application,
            handout=licensing["ok"],
            user=licensing["licensee"].user,
        ),
        user=licensing["licensee"].user,
    )
    _apply(licensing, person=licensing["other_agency"]).purpose  # noqa: B018
    LicenseApplication.objects.filter(pk=application.pk).update(
        purpose='=HYPERLINK("http://evil")'
    )
    _login(client, licensing["organizer"])
    index = client.get(reverse("licenses:index"), {"status": "granted"})
    assert index.status_code == 200
    html = index.content.decode()
    assert application.reference in html
    export = client.get(
        reverse("licenses:index"), {"status": "granted", "export": "xlsx"}
    )
    assert export.status_code == 200
    content = b"".join(export.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # heading and the one granted license
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["案號"] == application.reference
    assert row["下載次數"] == 1
    assert row["教材"] == "資安講義"
    assert row["用途"].startswith("'=")  # no formula injection


def test_the_register_is_read_only_in_wagtail_views(client, licensing):
    application = _apply(licensing)
    _login(client, licensing["organizer"])
    assert client.get(reverse("licenses:add")).status_code in (302, 403)
    assert client.get(reverse("licenses:edit", args=[application.pk])).status_code in (
        302,
        403,
    )
    assert client.post(
        reverse("licenses:delete", args=[application.pk])
    ).status_code in (302, 403)
    assert LicenseApplication.objects.filter(pk=application.pk).exists()
