import pytest

from portal.lecturers.models import LecturerProfile
from portal.notifications.models import OutgoingEmail
from tests.api.conftest import bearer
from tests.factories.lecturers import make_lecturer_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def lw(catalog):
    return make_lecturer_world(catalog)


def test_lecturer_sees_only_their_own_teaching(api, lw):
    bearer(api, lw.lect_a)
    body = api.get("/api/v1/me/teaching/").json()
    assert [r["topic"] for r in body["results"]] == ["過去的課", "未來的課"]
    assert body["results"][0]["venue"]["name"]
    bearer(api, lw.lect_b)
    body = api.get("/api/v1/me/teaching/").json()
    assert [r["topic"] for r in body["results"]] == ["乙的課"]


def test_non_lecturers_are_refused(api, lw):
    assert api.get("/api/v1/me/teaching/").status_code in (401, 403)
    bearer(api, lw.trainee)
    assert api.get("/api/v1/me/teaching/").status_code == 403
    assert api.get("/api/v1/me/lecturer-profile/").status_code == 403
    bearer(api, lw.organizer)
    assert api.get("/api/v1/me/lecturer-profile/").status_code == 403


def test_profile_get_and_patch(api, lw):
    bearer(api, lw.lect_a)
    body = api.get("/api/v1/me/lecturer-profile/").json()
    assert body["name"] == "甲講座" and body["category"] == "outside"
    assert body["expertise"] == sorted(["資訊安全", "數位治理"])
    response = api.patch(
        "/api/v1/me/lecturer-profile/",
        {"phone": "02-1234", "expertise": ["AI"], "category": "internal"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["expertise"] == ["AI"]
    profile = LecturerProfile.objects.get(pk=lw.a.pk)
    assert profile.phone == "02-1234" and profile.category == "outside"


def test_bank_account_change_through_the_api(api, lw):
    bearer(api, lw.lect_a)
    response = api.post(
        "/api/v1/me/lecturer-profile/bank-account/",
        {
            "bank_code": "700",
            "branch": "0001",
            "account_number": "00012345678",
            "holder": "甲講座",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["bank_account"] == "700-****-****5678"
    assert api.get("/api/v1/me/lecturer-profile/").json()["bank_account"] == (
        "700-****-****5678"
    )
    assert OutgoingEmail.objects.filter(template_key="lecturer_bank_changed").exists()
    bad = api.post(
        "/api/v1/me/lecturer-profile/bank-account/",
        {"bank_code": "7", "branch": "1", "account_number": "1", "holder": "x"},
        format="json",
    )
    assert bad.status_code == 400
