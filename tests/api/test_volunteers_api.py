"""Volunteers through the API: a week's open shifts, sign up (the waiting list
when full), my places, cancel, clock in and out by a post's code, my hours, and
the coordinator's coverage; nobody else sees any of it."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.volunteers import services
from portal.volunteers.models import Post
from tests.api.conftest import bearer
from tests.factories.users import make_user
from tests.factories.volunteers import make_coordinator, make_shift, make_volunteer

pytestmark = pytest.mark.django_db

BASE = "/api/v1/volunteer/"


def test_a_volunteer_signs_up_lists_and_cancels():
    shift = make_shift(needed=1)
    volunteer = make_volunteer(name="蔡志工")
    client = bearer(APIClient(), volunteer.user)

    listed = client.get(f"{BASE}shifts/", {"week": shift.date.isoformat()}).json()
    [item] = [r for r in listed["results"] if r["id"] == shift.pk]
    assert (item["confirmed"], item["needed"], item["qualified"], item["window_open"]) == (
        0, 1, True, True,
    )  # fmt: skip

    response = client.post(f"{BASE}shifts/{shift.pk}/signup/")
    assert response.status_code == 201
    place = response.json()
    assert (place["status"], place["volunteer_name"], place["shift"]["id"]) == (
        "confirmed", "蔡志工", shift.pk,
    )  # fmt: skip
    again = client.post(f"{BASE}shifts/{shift.pk}/signup/")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid"

    other = bearer(APIClient(), make_volunteer().user)
    assert (
        other.post(f"{BASE}shifts/{shift.pk}/signup/").json()["status"] == "waitlisted"
    )
    assert [p["id"] for p in client.get(f"{BASE}signups/").json()["results"]] == [
        place["id"]
    ]
    assert other.post(f"{BASE}signups/{place['id']}/cancel/").status_code == 404

    cancelled = client.post(f"{BASE}signups/{place['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    assert [p["status"] for p in other.get(f"{BASE}signups/").json()["results"]] == [
        "confirmed"
    ]


def test_clock_in_and_out_by_the_code_and_hours():
    day = timezone.localdate()
    post = Post.objects.create(name="一樓服務台")
    shift = make_shift(day, post=post, start=(0, 0), end=(23, 59))
    volunteer = make_volunteer()
    services.signup_create(
        shift=shift,
        volunteer=volunteer,
        actor=make_coordinator(),
        now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
        - datetime.timedelta(minutes=5),
    )
    client = bearer(APIClient(), volunteer.user)
    token = services.post_token(post=post)
    first = client.post(f"{BASE}clock/", {"token": token}, format="json").json()
    assert first["clock_in"] and first["clock_out"] is None
    second = client.post(f"{BASE}clock/", {"token": token}, format="json").json()
    assert second["clock_out"]

    forged = client.post(f"{BASE}clock/", {"token": token + "x"}, format="json")
    assert forged.status_code == 400

    hours = client.get(f"{BASE}hours/").json()
    assert hours["year"] == day.year and hours["shifts"] == 1


def test_coverage_is_for_coordinators_only():
    day = timezone.localdate() + datetime.timedelta(days=2)
    shift = make_shift(day, needed=3)
    coordinator = bearer(APIClient(), make_coordinator())
    rows = coordinator.get(f"{BASE}coverage/", {"month": day.isoformat()}).json()
    [row] = [r for r in rows["results"] if r["id"] == shift.pk]
    assert (row["needed"], row["confirmed"], row["missing"]) == (3, 0, 3)

    for user in (make_user("plain"), make_volunteer().user):
        assert bearer(APIClient(), user).get(f"{BASE}coverage/").status_code == 404
    assert (
        bearer(APIClient(), make_user("plain2")).get(f"{BASE}shifts/").status_code
        == 404
    )
