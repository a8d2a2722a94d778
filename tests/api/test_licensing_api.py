import datetime

import pytest
from django.utils import timezone
from wagtail.models import APIToken

from portal.licensing import services, tokens
from portal.licensing.models import LicenseApplication, LicenseDownload, Status
from portal.notifications.models import OutgoingEmail
from tests.factories.licensing import make_licensing_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/licensing/"


@pytest.fixture
def lic(site_tree):
    return make_licensing_world(site_tree)


def _bearer(api, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    _token, plaintext = APIToken.create_token(user=user, name="test")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return user


def _body(materials, **overrides):
    start = timezone.localdate() + datetime.timedelta(days=7)
    body = {
        "materials": [m.pk for m in materials],
        "purpose": "新進人員資安訓練",
        "audience": "本局新進人員",
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=60)).isoformat(),
        "users_count": 25,
        "terms_accepted": True,
    }
    body.update(overrides)
    return body


def test_anyone_lists_only_licensable_materials(api, lic):
    response = api.get(BASE + "materials/")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["results"]}
    assert titles == {"資安講義", "資安案例集"}


def test_apply_see_and_download_through_the_api(api, lic):
    _bearer(api, lic["licensee"])
    response = api.post(BASE + "applications/", _body([lic["ok"]]), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted" and data["download_links"] == []
    assert [m["id"] for m in data["materials"]] == [lic["ok"].pk]
    application = LicenseApplication.objects.get(reference=data["reference"])
    for step in (Status.UNDER_REVIEW, Status.APPROVED, Status.GRANTED):
        services.application_transition(
            application=application, actor=lic["organizer"], to_status=step
        )
    detail = api.get(BASE + f"applications/{application.reference}/").json()
    assert detail["status"] == "granted"
    assert [e["status"] for e in detail["events"]] == [
        "submitted",
        "under_review",
        "approved",
        "granted",
    ]
    (link,) = detail["download_links"]
    listing = api.get(BASE + "applications/").json()
    assert listing["results"][0]["download_links"][0]["material_id"] == lic["ok"].pk
    download = api.get(link["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert LicenseDownload.objects.filter(application=application).count() == 1
    assert (
        OutgoingEmail.objects.filter(template_key__startswith="license_").count() == 4
    )


def test_api_refuses_non_licensable_material_and_non_licensees(api, lic):
    _bearer(api, lic["licensee"])
    for material in ("unauthorized", "closed"):
        response = api.post(
            BASE + "applications/", _body([lic["ok"], lic[material]]), format="json"
        )
        assert response.status_code == 400
        assert "materials" in str(response.json())
    response = api.post(
        BASE + "applications/", {**_body([]), "materials": [999999]}, format="json"
    )
    assert response.status_code == 400
    response = api.post(
        BASE + "applications/", _body([lic["ok"]], terms_accepted=False), format="json"
    )
    assert response.status_code == 400
    assert not LicenseApplication.objects.exists()
    api.credentials()
    _bearer(api, lic["trainee"])
    response = api.post(BASE + "applications/", _body([lic["ok"]]), format="json")
    assert response.status_code == 403
    assert not LicenseApplication.objects.exists()


def test_api_shows_only_the_agencys_applications_and_binds_links(api, lic):
    _bearer(api, lic["licensee"])
    mine = api.post(BASE + "applications/", _body([lic["ok"]]), format="json").json()
    api.credentials()
    _bearer(api, lic["other_agency"])
    theirs = api.post(BASE + "applications/", _body([lic["ok"]]), format="json").json()
    refs = {a["reference"] for a in api.get(BASE + "applications/").json()["results"]}
    assert refs == {theirs["reference"]}
    assert api.get(BASE + f"applications/{mine['reference']}/").status_code == 404
    application = LicenseApplication.objects.get(reference=mine["reference"])
    for step in (Status.UNDER_REVIEW, Status.APPROVED, Status.GRANTED):
        services.application_transition(
            application=application, actor=lic["organizer"], to_status=step
        )
    token = tokens.license_link_token(
        application=application, handout=lic["ok"], user=lic["licensee"].user
    )
    response = api.get(BASE + f"download/{token}/")  # someone else's link
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "other_account"
    api.credentials()
    _bearer(api, lic["licensee"])
    LicenseApplication.objects.filter(pk=application.pk).update(
        links_expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = api.get(BASE + f"download/{token}/")
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "license_expired"
    assert not LicenseDownload.objects.exists()


def test_reviewers_take_steps_through_the_api_and_licensees_cannot(api, lic):
    _bearer(api, lic["licensee"])
    reference = api.post(
        BASE + "applications/", _body([lic["ok"]]), format="json"
    ).json()["reference"]
    url = BASE + f"applications/{reference}/transition/"
    assert (
        api.post(url, {"to_status": "under_review"}, format="json").status_code == 403
    )
    api.credentials()
    _bearer(api, lic["organizer"])
    assert api.post(url, {"to_status": "granted"}, format="json").status_code == 400
    assert api.post(url, {"to_status": "under_review"}, format="json").json()[
        "status"
    ] == ("under_review")
    response = api.post(url, {"to_status": "refused"}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()["error"]["fields"]
    response = api.post(
        url, {"to_status": "refused", "note": "教材改版中"}, format="json"
    )
    assert response.json()["refusal_reason"] == "教材改版中"
    keys = list(
        OutgoingEmail.objects.filter(template_key__startswith="license_")
        .order_by("pk")
        .values_list("template_key", flat=True)
    )
    assert keys == ["license_submitted", "license_under_review", "license_refused"]
