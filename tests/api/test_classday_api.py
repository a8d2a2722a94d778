import pytest
from django.utils import timezone
from wagtail.models import APIToken

from portal.classday import services
from portal.classday.models import CheckIn, LeaveRequest
from tests.portal.classday.conftest import make_classday

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(catalog):
    return make_classday(catalog)


def _bearer(api, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    _token, plaintext = APIToken.create_token(user=user, name="test")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def test_check_in_through_the_api_once(api, day):
    _bearer(api, day["alice"])
    token = services.checkin_token(session=day["session"])
    first = api.post("/api/v1/checkin/", {"token": token}, format="json")
    assert first.status_code == 200
    assert first.json()["already"] is False and first.json()["seat"] == 2
    again = api.post("/api/v1/checkin/", {"token": token}, format="json").json()
    assert again["already"] is True and again["seat"] == 2
    assert CheckIn.objects.count() == 1
    bad = api.post("/api/v1/checkin/", {"token": token + "x"}, format="json")
    assert bad.status_code == 400 and "token" in bad.json()["error"]["fields"]
    api.credentials()
    _bearer(api, day["outsider"])
    refused = api.post("/api/v1/checkin/", {"token": token}, format="json")
    assert refused.status_code == 403


def test_class_day_leave_meals_and_votes_through_the_api(api, day):
    vote = services.vote_open(
        session=day["session"], question="最佳簡報", options=["甲", "乙"],
        actor=day["organizer"],
    )  # fmt: skip
    _bearer(api, day["alice"])
    base = f"/api/v1/me/sessions/{day['session'].pk}/"
    data = api.get(base + "day/").json()
    assert data["seat"] is None and data["votes"][0]["id"] == vote.pk
    assert "total" not in data["votes"][0]  # results not published
    leave = api.post(
        base + "leave/",
        {"date": timezone.localdate().isoformat(), "reason": "家中有事"},
        format="json",
    )
    assert leave.status_code == 201 and leave.json()["status"] == "pending"
    assert LeaveRequest.objects.count() == 1
    meal = api.put(
        base + "meal/",
        {"date": timezone.localdate().isoformat(), "meal": "vegetarian"},
        format="json",
    )
    assert meal.status_code == 400  # this session serves no meals
    option = vote.options.first()
    cast = api.post(f"/api/v1/votes/{vote.pk}/", {"option": option.pk}, format="json")
    assert cast.status_code == 201
    again = api.post(f"/api/v1/votes/{vote.pk}/", {"option": option.pk}, format="json")
    assert again.status_code == 400
    api.credentials()
    _bearer(api, day["organizer"])
    live = api.get(f"/api/v1/votes/{vote.pk}/").json()
    assert live["total"] == 1 and live["options"][0]["votes"] == 1
    api.credentials()
    _bearer(api, day["outsider"])
    assert api.get(f"/api/v1/votes/{vote.pk}/").status_code == 404
    assert api.get(base + "day/").status_code == 404
