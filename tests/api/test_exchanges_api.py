"""Seat exchange through the API: offer my seat, list, withdraw, take over, and
an HR officer giving a seat to one of their people."""

import pytest
from rest_framework.test import APIClient

from portal.enrolment.models import EnrolmentStatus
from portal.exchanges import services
from portal.exchanges.models import OfferState, SeatOffer
from tests.api.conftest import bearer
from tests.factories.exchanges import make_exchange_world

pytestmark = pytest.mark.django_db

OFFERS = "/api/v1/seat-offers/"


@pytest.fixture
def w(catalog):
    return make_exchange_world(catalog)


def _offer_url(w):
    return f"/api/v1/me/enrolments/{w.enrolment.pk}/offer-seat/"


def test_a_trainee_offers_their_seat_and_withdraws_the_offer(w):
    client = bearer(APIClient(), w.offerer)
    response = client.post(_offer_url(w), {"note": "適合的同仁"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["mine"], body["can_take"], body["note"]) == (
        "open",
        True,
        False,
        "適合的同仁",
    )
    assert body["enrolment_id"] == w.enrolment.pk

    again = client.post(_offer_url(w), {}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid"

    assert [o["id"] for o in client.get(OFFERS).json()["results"]] == [body["id"]]
    withdrawn = client.post(f"{OFFERS}{body['id']}/withdraw/", format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert client.get(OFFERS).json()["count"] == 0


def test_another_trainee_cannot_offer_or_withdraw_it(w):
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    client = bearer(APIClient(), w.colleague)
    assert client.post(_offer_url(w), {}, format="json").status_code == 404
    assert client.post(f"{OFFERS}{offer.pk}/withdraw/").status_code == 404


def test_a_colleague_lists_and_takes_the_seat_over(w):
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    client = bearer(APIClient(), w.colleague)
    [listed] = client.get(OFFERS).json()["results"]
    assert (listed["id"], listed["can_take"], listed["mine"]) == (offer.pk, True, False)
    assert listed["offered_by_name"] == "讓位甲"

    response = client.post(f"{OFFERS}{offer.pk}/take/", {}, format="json")
    assert response.status_code == 201
    taken = response.json()
    assert (taken["status"], taken["source"], taken["person_name"]) == (
        "selected",
        "exchange",
        "接手乙",
    )
    w.enrolment.refresh_from_db()
    assert w.enrolment.status == EnrolmentStatus.SUBSTITUTED

    second = bearer(APIClient(), w.colleague2)
    late = second.post(f"{OFFERS}{offer.pk}/take/", {}, format="json")
    assert late.status_code == 404  # no longer an open offer


def test_a_trainee_of_another_bureau_sees_nothing_and_cannot_take(w):
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    client = bearer(APIClient(), w.outsider)
    assert client.get(OFFERS).json()["count"] == 0
    assert client.post(f"{OFFERS}{offer.pk}/take/", {}).status_code == 404


def test_the_hr_officer_gives_the_seat_to_a_person_of_their_agency(w):
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    client = bearer(APIClient(), w.hr)
    outside = client.post(
        f"{OFFERS}{offer.pk}/take/", {"person": w.outsider.person.pk}, format="json"
    )
    assert outside.status_code == 404  # not one of their people
    response = client.post(
        f"{OFFERS}{offer.pk}/take/", {"person": w.colleague2.person.pk}, format="json"
    )
    assert response.status_code == 201
    assert SeatOffer.objects.get().state == OfferState.TAKEN
    assert SeatOffer.objects.get().taken_by == w.colleague2


def test_a_refusal_says_why(w):
    offer = services.offer_create(enrolment=w.enrolment, actor=w.offerer)
    w.session.hr_may_substitute = False
    w.session.save()
    client = bearer(APIClient(), w.colleague)
    response = client.post(f"{OFFERS}{offer.pk}/take/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    assert SeatOffer.objects.get().state == OfferState.OPEN


def test_the_list_matches_the_documented_schema_strictly(w):
    from openapi_schema_validator import OAS31Validator

    services.offer_create(enrolment=w.enrolment, actor=w.offerer, note="附註")
    client = bearer(APIClient(), w.colleague)
    schema = client.get("/api/v1/schema/?format=json").json()
    documented = schema["paths"]["/api/v1/seat-offers/"]["get"]["responses"]["200"]
    root = {
        **documented["content"]["application/json"]["schema"],
        "components": schema["components"],
    }
    body = client.get(OFFERS).json()
    assert body["count"] == 1
    assert [e.message for e in OAS31Validator(root).iter_errors(body)] == []
