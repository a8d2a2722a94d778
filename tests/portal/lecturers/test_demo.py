import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from portal.lecturers import banking, selectors
from portal.lecturers.models import LecturerProfile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_lecturer_has_a_profile_teaching_past_and_upcoming(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = get_user_model().objects.get(username="lecturer")
    profile = LecturerProfile.objects.get(user=user)
    teaching = selectors.my_teaching(viewer=user)
    assert teaching["upcoming"] and teaching["past"]
    assert profile.bank_account_masked == "700-****-****5678"
    opened = banking.unseal(profile.bank_account_sealed, profile_id=profile.pk)
    assert opened.account_number == "00012345678"
    others = LecturerProfile.objects.exclude(pk=profile.pk)
    assert others.filter(user__isnull=True).exists()
    assert others.filter(user__isnull=False).exists()
    assert len(set(others.values_list("category", flat=True))) == 4
    client.force_login(user)
    assert client.get(reverse("lecturers:teaching")).status_code == 200
    assert client.get(reverse("lecturers:profile")).status_code == 200
