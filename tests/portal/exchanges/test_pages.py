"""The seat exchange pages, through HTTP: offer my seat from 我的課程, the seats
colleagues offer, take one over, the HR office's assignment."""

import pytest
from django.urls import reverse

from portal.enrolment import services as enrolment_services
from portal.enrolment.models import EnrolmentStatus
from portal.exchanges import services
from portal.exchanges.models import OfferState, SeatOffer
from tests.factories.exchanges import make_exchange_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    return make_exchange_world(catalog)


def _offer(w):
    return services.offer_create(enrolment=w.enrolment, actor=w.offerer)


def test_my_classes_offers_the_seat_and_links_the_seats_colleagues_offer(client, w):
    client.force_login(w.offerer)
    page = client.get(reverse("portal:my_classes")).content.decode()
    assert reverse("exchanges:offer", args=[w.enrolment.pk]) in page
    assert reverse("exchanges:list") in page


def test_the_offer_page_explains_the_rules_before_the_trainee_confirms(client, w):
    client.force_login(w.offerer)
    url = reverse("exchanges:offer", args=[w.enrolment.pk])
    page = client.get(url)
    assert page.status_code == 200
    deadline = services.offer_deadline(w.session)
    html = page.content.decode()
    assert page.context["deadline"] == deadline
    assert 'name="note"' in html
    assert not SeatOffer.objects.exists()

    response = client.post(url, {"note": "適合承辦公文的同仁"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_classes")
    offer = SeatOffer.objects.get()
    assert offer.state == OfferState.OPEN and offer.note == "適合承辦公文的同仁"

    classes = client.get(reverse("portal:my_classes")).content.decode()
    assert reverse("exchanges:withdraw", args=[offer.pk]) in classes
    assert reverse("exchanges:offer", args=[w.enrolment.pk]) not in classes


def test_the_offer_page_says_why_a_seat_cannot_be_offered(client, w):
    _offer(w)
    client.force_login(w.offerer)
    page = client.get(reverse("exchanges:offer", args=[w.enrolment.pk]))
    assert page.context["refusal"]
    assert 'name="note"' not in page.content.decode()


def test_the_offer_page_warns_when_the_seat_would_go_to_the_waiting_list(
    client, catalog, settings
):
    settings.TRAINING_RULES = {
        **settings.TRAINING_RULES,
        "EXCHANGE_WAITLIST_FIRST": True,
    }
    w = make_exchange_world(catalog, capacity=1)
    enrolment_services.enrolment_register(session=w.session, trainee=w.outsider)
    client.force_login(w.offerer)
    url = reverse("exchanges:offer", args=[w.enrolment.pk])
    page = client.get(url)
    assert page.context["waitlist_first"] is True
    assert 'name="note"' not in page.content.decode()

    client.post(url)
    w.enrolment.refresh_from_db()
    assert w.enrolment.status == EnrolmentStatus.WITHDRAWN


def test_another_trainees_enrolment_cannot_be_offered(client, w):
    client.force_login(w.colleague)
    url = reverse("exchanges:offer", args=[w.enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_the_trainee_withdraws_the_offer_from_my_classes(client, w):
    offer = _offer(w)
    client.force_login(w.colleague)
    assert (
        client.post(reverse("exchanges:withdraw", args=[offer.pk])).status_code == 404
    )
    client.force_login(w.offerer)
    response = client.post(reverse("exchanges:withdraw", args=[offer.pk]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN


def test_a_colleague_sees_the_offer_and_takes_it_over_after_confirming(client, w):
    offer = _offer(w)
    client.force_login(w.colleague)
    listing = client.get(reverse("exchanges:list")).content.decode()
    take = reverse("exchanges:take", args=[offer.pk])
    assert "公文寫作班" in listing and take in listing
    assert "讓位甲" in listing

    confirm = client.get(take)
    assert confirm.status_code == 200 and confirm.context["colleague"] is True
    assert SeatOffer.objects.get().state == OfferState.OPEN

    response = client.post(take)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_classes")
    offer.refresh_from_db()
    assert offer.state == OfferState.TAKEN and offer.taken_by == w.colleague

    client.force_login(w.offerer)
    classes = client.get(reverse("portal:my_classes")).content.decode()
    assert "接手乙" in classes


def test_a_trainee_of_another_bureau_sees_no_offer(client, w):
    offer = _offer(w)
    client.force_login(w.outsider)
    listing = client.get(reverse("exchanges:list"))
    assert list(listing.context["page_obj"]) == []
    assert "公文寫作班" not in listing.content.decode()
    take = reverse("exchanges:take", args=[offer.pk])
    assert client.get(take).status_code == 404
    assert client.post(take).status_code == 404


def test_the_offerer_does_not_see_their_own_offer_to_take(client, w):
    offer = _offer(w)
    client.force_login(w.offerer)
    assert list(client.get(reverse("exchanges:list")).context["page_obj"]) == []
    assert client.get(reverse("exchanges:take", args=[offer.pk])).status_code == 404


def test_a_refused_take_over_says_why(client, w):
    offer = _offer(w)
    enrolment_services.enrolment_register(session=w.session, trainee=w.colleague)
    client.force_login(w.colleague)
    response = client.post(reverse("exchanges:take", args=[offer.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("接手乙" in m for m in messages)
    offer.refresh_from_db()
    assert offer.state == OfferState.OPEN


def test_the_hr_officer_gives_the_seat_to_one_of_their_people(client, w):
    offer = _offer(w)
    client.force_login(w.hr)
    listing = client.get(reverse("exchanges:list")).content.decode()
    assign = reverse("exchanges:assign", args=[offer.pk])
    assert assign in listing

    page = client.get(assign)
    people = list(page.context["form"].fields["person"].queryset)
    assert w.colleague2.person in people and w.outsider.person not in people
    assert w.offerer.person not in people

    response = client.post(assign, {"person": w.outsider.person.pk})
    assert response.status_code == 200 and page.context["form"] is not None
    assert response.context["form"].errors

    response = client.post(assign, {"person": w.colleague2.person.pk})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.taken_by == w.colleague2


def test_an_hr_officer_of_another_agency_cannot_open_the_assignment(client, w):
    offer = _offer(w)
    client.force_login(w.hr_other)
    assert client.get(reverse("exchanges:assign", args=[offer.pk])).status_code == 404
    client.force_login(w.colleague)
    assert client.get(reverse("exchanges:assign", args=[offer.pk])).status_code == 404


def test_the_pages_are_in_english_under_en(client, w):
    offer = _offer(w)
    client.force_login(w.colleague)
    page = client.get("/en" + reverse("exchanges:take", args=[offer.pk]))
    assert page.status_code == 200
    assert "Take this seat" in page.content.decode()
