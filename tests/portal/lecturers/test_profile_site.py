import pytest
from django.urls import reverse

from portal.lecturers.models import LecturerProfile
from portal.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_lecturer_edits_own_profile_and_expertise(lw, client):
    client.force_login(lw.lect_a)
    response = client.post(
        reverse("lecturers:profile"),
        {
            "phone": "0911-000-111",
            "email": "new@x.test",
            "education": "博士",
            "experience": "十年",
            "expertise": "資料治理，資訊安全、AI",
        },
    )
    assert response.status_code == 302
    profile = LecturerProfile.objects.get(pk=lw.a.pk)
    assert profile.phone == "0911-000-111" and profile.email == "new@x.test"
    assert sorted(t.name for t in profile.expertise.all()) == [
        "AI",
        "資料治理",
        "資訊安全",
    ]


def test_bank_form_shows_masked_account_and_changes_it(lw, client):
    client.force_login(lw.lect_a)
    response = client.post(
        reverse("lecturers:bank_account"),
        {
            "bank_code": "812",
            "branch": "0123",
            "account_number": "12345678901",
            "holder": "甲講座",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("lecturers:profile")).content.decode()
    assert "812-****-****8901" in body and "12345678901" not in body
    assert OutgoingEmail.objects.filter(template_key="lecturer_bank_changed").count()


def test_bad_bank_form_comes_back_with_errors(lw, client):
    client.force_login(lw.lect_a)
    response = client.post(
        reverse("lecturers:bank_account"),
        {"bank_code": "8", "branch": "0123", "account_number": "1", "holder": "x"},
    )
    assert response.status_code == 400
    assert not LecturerProfile.objects.get(pk=lw.a.pk).bank_account_sealed
