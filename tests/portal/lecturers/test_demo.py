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


def test_demo_lecturer_has_questionnaire_ratings_and_one_hidden_group(client):
    from portal.surveys.models import Response

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    organizer = get_user_model().objects.get(username="organizer")
    profile = LecturerProfile.objects.get(user__username="lecturer")
    ratings = selectors.lecturer_ratings(viewer=organizer, profile=profile)
    figures = [q for s in ratings["sessions"] for q in s["questions"]]
    shown = [q for q in figures if not q["hidden"]]
    hidden = [q for q in figures if q["hidden"]]
    assert len(shown) >= 3 and all(q["n"] >= 5 and 1 <= q["mean"] <= 5 for q in shown)
    assert len(hidden) == 1 and hidden[0]["n"] < 5 and hidden[0]["mean"] is None
    assert any(not year["hidden"] and year["mean"] for year in ratings["years"])
    client.force_login(organizer)
    response = client.get(reverse("lecturer_profiles:inspect", args=[profile.pk]))
    assert response.status_code == 200
    assert response.context["ratings"]["sessions"] == ratings["sessions"]
    responses = Response.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Response.objects.count() == responses
