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


def test_the_organizers_class_day_through_the_api(api, day):
    from portal.classday.models import CheckIn, LeaveStatus
    from tests.factories.people import valid_national_id

    session = day["session"].pk
    _bearer(api, day["alice"])  # a trainee is not an organizer
    assert api.get(f"/api/v1/sessions/{session}/arrivals/").status_code == 403
    leave = services.leave_request(
        enrolment=day["enrolments"]["bob"], user=day["bob"].user,
        date=timezone.localdate(), hours=2, reason="公假",  # within the 2 h allowed
    )  # fmt: skip
    api.credentials()
    _bearer(api, day["organizer"])
    kiosk = api.post(
        f"/api/v1/sessions/{session}/kiosk/",
        {"national_id": valid_national_id(4242)},
        format="json",
    )
    assert kiosk.status_code == 200 and kiosk.json()["seat"] == 2
    mark = api.post(
        f"/api/v1/sessions/{session}/marks/",
        {"enrolment_id": day["enrolments"]["bob"].pk, "reason": ""},
        format="json",
    )
    assert mark.status_code == 400
    arrivals = api.get(f"/api/v1/sessions/{session}/arrivals/").json()
    assert [a["method"] for a in arrivals if a["checked_in_at"]] == ["kiosk"]
    assert CheckIn.objects.count() == 1
    listed = api.get(f"/api/v1/sessions/{session}/leave-requests/").json()
    assert [x["id"] for x in listed] == [leave.pk]
    decided = api.post(
        f"/api/v1/leave-requests/{leave.pk}/decision/",
        {"approve": True, "note": "准"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
    vote = api.post(
        f"/api/v1/sessions/{session}/votes/",
        {"question": "最佳簡報", "options": ["甲", "乙"]},
        format="json",
    )
    assert vote.status_code == 201 and vote.json()["total"] == 0
    closed = api.post(
        f"/api/v1/votes/{vote.json()['id']}/status/",
        {"status": "closed"},
        format="json",
    )
    assert closed.json()["status"] == "closed"
    meals = api.get(f"/api/v1/sessions/{session}/meals/").json()
    assert meals[0]["unknown"] == 2
