"""Certificates through the API: the trainee's own, the staff list by scope,
revocation, and the public verification."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.certificates import codes, services
from tests.api.conftest import bearer
from tests.factories.certificates import make_certificate_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(catalog):
    w = make_certificate_world(catalog)
    w.alice_zh = services.certificate_issue(
        record=w.alice_record, language="zh-hant", actor=w.organizer
    )
    w.bob_zh = services.certificate_issue(
        record=w.bob_record, language="zh-hant", actor=w.organizer
    )
    return w


def test_the_trainee_lists_asks_for_and_downloads_certificates(api, cw):
    bearer(api, cw.alice.user)
    listing = api.get("/api/v1/me/certificates/").json()
    assert [c["number"] for c in listing["results"]] == [cw.alice_zh.number]
    assert listing["results"][0]["verify_url"].endswith(
        f"/certificates/verify/{codes.certificate_code(cw.alice_zh.number)}/"
    )
    ask = {"record": cw.alice_record.pk, "language": "en"}
    created = api.post("/api/v1/me/certificates/", ask, format="json")
    assert created.status_code == 201
    assert created.json()["course_title"] == "Information Security Basics"
    again = api.post("/api/v1/me/certificates/", ask, format="json")
    assert (again.status_code, again.json()["id"]) == (200, created.json()["id"])
    pdf = api.get(created.json()["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    others = {"record": cw.bob_record.pk, "language": "en"}
    assert (
        api.post("/api/v1/me/certificates/", others, format="json").status_code == 404
    )
    refused = api.post(
        "/api/v1/me/certificates/",
        {"record": cw.blended_record.pk, "language": "zh-hant"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "online_part_unfinished"
    early = {"record": cw.future_record.pk, "language": "zh-hant"}
    refused = api.post("/api/v1/me/certificates/", early, format="json")
    assert refused.json()["error"]["code"] == "session_not_over"
    url = reverse("api:my-certificate-pdf", args=[cw.bob_zh.pk])
    assert api.get(url).status_code == 404


def test_the_staff_list_follows_the_viewers_scope(cw):
    def numbers(user, query=""):
        client = bearer(APIClient(), user)
        response = client.get("/api/v1/certificates/" + query)
        assert response.status_code == 200
        return {c["number"] for c in response.json()["results"]}

    both = {cw.alice_zh.number, cw.bob_zh.number}
    assert numbers(cw.organizer, f"?session={cw.past.pk}") == both
    assert numbers(cw.editor) == both
    assert numbers(cw.hr_a.user) == {cw.alice_zh.number}  # bob is in education
    assert numbers(cw.organizer, f"?session={cw.future.pk}") == set()
    services.certificate_revoke(
        certificate=cw.bob_zh, actor=cw.organizer, reason="誤發"
    )
    assert numbers(cw.organizer, "?status=revoked") == {cw.bob_zh.number}
    bad = bearer(APIClient(), cw.organizer).get("/api/v1/certificates/?session=x")
    assert bad.status_code == 400
    trainee = bearer(APIClient(), cw.alice.user).get("/api/v1/certificates/")
    assert trainee.status_code == 403


def test_organizers_revoke_through_the_api(api, cw):
    url = f"/api/v1/certificates/{cw.alice_zh.pk}/revoke/"
    assert (
        bearer(APIClient(), cw.alice.user).post(url, {}, format="json").status_code
        == 403
    )
    bearer(api, cw.organizer)
    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"reason": "時數登錄錯誤"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revoked_reason"]) == (
        "revoked",
        "時數登錄錯誤",
    )


def test_public_verification_answers_the_state_and_only_the_certified_facts(api, cw):
    url = f"/api/v1/certificates/verify/{codes.certificate_code(cw.alice_zh.number)}/"
    body = api.get(url).json()
    assert body == {
        "status": "valid",
        "number": cw.alice_zh.number,
        "name": "王資安",
        "course_title": "資訊安全基礎班",
        "hours": "12.0",
        "start_date": cw.past.start_date.isoformat(),
        "end_date": cw.past.end_date.isoformat(),
        "valid_until": None,
        "revoked_on": None,
    }
    services.certificate_revoke(
        certificate=cw.alice_zh, actor=cw.organizer, reason="誤發"
    )
    body = api.get(url).json()
    assert body["status"] == "revoked" and body["revoked_on"]
    forged = api.get(f"/api/v1/certificates/verify/{cw.alice_zh.number}-{'A' * 16}/")
    assert forged.status_code == 404
    assert forged.json()["error"]["code"] == "certificate_not_found"
