"""Seat exchange rules: offering, taking over, HR assignment, the waiting list
first, the deadline and the sweep."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.enrolment import services as enrolment_services
from portal.enrolment.models import (
    AgencyQuota,
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
)
from portal.exchanges import selectors, services
from portal.exchanges.models import OfferState, SeatOffer
from portal.notifications.models import OutgoingEmail
from tests.factories.catalog import make_course, make_session
from tests.factories.exchanges import make_exchange_world
from tests.factories.people import make_person
from tests.factories.records import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    return make_exchange_world(catalog)


def _codes(error):
    return [e.code for e in error.value.error_list]


def _offer(w, **kwargs):
    return services.offer_create(enrolment=w.enrolment, actor=w.offerer, **kwargs)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def _waitlist_first(settings, on=True):
    settings.TRAINING_RULES = {
        **settings.TRAINING_RULES,
        "EXCHANGE_WAITLIST_FIRST": on,
    }


# Offering ---------------------------------------------------------------------


def test_offer_is_open_until_the_end_of_the_last_self_withdrawal_day(w):
    offer = _offer(w, note="適合承辦採購的同仁")

    last_day = enrolment_services.self_withdrawal_until(w.session)
    expected = timezone.make_aware(
        datetime.datetime.combine(last_day, datetime.time(23, 59))
    )
    assert offer.state == OfferState.OPEN
    assert offer.deadline == expected
    assert offer.note == "適合承辦採購的同仁"
    assert offer.offered_by == w.offerer
    event = w.enrolment.events.last()
    assert event.actor == w.offerer
    assert _local(offer.deadline) in event.reason


def test_offer_deadline_is_the_sessions_hr_cutoff_when_it_has_one(w):
    cutoff = timezone.now() + datetime.timedelta(days=3)
    w.session.hr_changes_close_at = cutoff
    w.session.save()

    assert _offer(w).deadline == cutoff


def test_an_enrolment_has_one_open_offer_at_a_time(w):
    _offer(w)
    with pytest.raises(ValidationError) as error:
        _offer(w)
    assert _codes(error) == ["already_offered"]
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatOffer.objects.create(enrolment=w.enrolment, deadline=timezone.now())


def test_a_withdrawn_offer_may_be_made_again(w):
    services.offer_withdraw(offer=_offer(w), actor=w.offerer)
    assert _offer(w).state == OfferState.OPEN


def test_offering_is_refused_after_the_deadline(w):
    w.session.hr_changes_close_at = timezone.now() - datetime.timedelta(minutes=1)
    w.session.save()
    with pytest.raises(ValidationError) as error:
        _offer(w)
    assert _codes(error) == ["exchange_closed"]
    assert not SeatOffer.objects.exists()


def test_offering_is_refused_once_the_class_has_started(catalog):
    w = make_exchange_world(catalog, start=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        _offer(w)
    assert _codes(error) == ["started"]
    assert w.session.start_date.isoformat() in error.value.messages[0]


def test_a_class_that_takes_no_substitutes_takes_no_offers(w):
    w.session.hr_may_substitute = False
    w.session.save()
    with pytest.raises(ValidationError) as error:
        _offer(w)
    assert _codes(error) == ["change_not_allowed"]


def test_only_a_trainee_holding_a_seat_can_offer_it(catalog):
    w = make_exchange_world(catalog, capacity=1)
    waiting = enrolment_services.enrolment_register(
        session=w.session, trainee=w.colleague
    )
    assert waiting.status == EnrolmentStatus.WAITLISTED
    with pytest.raises(ValidationError) as error:
        services.offer_create(enrolment=waiting, actor=w.colleague)
    assert _codes(error) == ["not_selected"]


def test_nobody_but_the_trainee_offers_their_seat(w):
    with pytest.raises(PermissionDenied):
        services.offer_create(enrolment=w.enrolment, actor=w.hr)


def test_the_trainee_withdraws_the_offer_and_keeps_the_seat(w):
    offer = services.offer_withdraw(offer=_offer(w), actor=w.offerer)
    _refresh(w.enrolment)

    assert offer.state == OfferState.WITHDRAWN
    assert w.enrolment.status == EnrolmentStatus.SELECTED
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["not_open"]
    with pytest.raises(PermissionDenied):
        services.offer_withdraw(offer=_offer(w), actor=w.colleague)


def test_withdrawing_the_registration_closes_the_open_offer(w):
    offer = _offer(w)
    enrolment_services.enrolment_withdraw(enrolment=w.enrolment, actor=w.offerer)
    _refresh(offer)
    assert offer.state == OfferState.WITHDRAWN
    assert not selectors.offer_list(viewer=w.colleague).exists()


# Taking over ------------------------------------------------------------------


def test_a_colleague_takes_the_seat_over_keeping_capacity_and_quota(catalog):
    w = make_exchange_world(catalog, capacity=3)
    AgencyQuota.objects.create(session=w.session, agency=w.agencies["it"], seats=1)
    selected_before = Enrolment.objects.filter(
        session=w.session, status=EnrolmentStatus.SELECTED
    ).count()
    offer = _offer(w)

    new = services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    _refresh(offer, w.enrolment)

    assert new.user == w.colleague and new.status == EnrolmentStatus.SELECTED
    assert new.source == EnrolmentSource.EXCHANGE
    assert new.agency == w.agencies["it"]
    assert w.enrolment.status == EnrolmentStatus.SUBSTITUTED
    assert offer.state == OfferState.TAKEN
    assert offer.taken_by == w.colleague and offer.new_enrolment == new
    selected = Enrolment.objects.filter(
        session=w.session, status=EnrolmentStatus.SELECTED
    )
    assert selected.count() == selected_before
    # The bureau's quota still holds exactly one of its people.
    it_path = w.agencies["it"].path
    assert selected.filter(agency__path__startswith=it_path).count() == 1


def test_a_trainee_of_another_bureau_never_sees_nor_takes_the_offer(w):
    offer = _offer(w)

    assert list(selectors.offer_list(viewer=w.colleague)) == [offer]
    assert not selectors.offer_list(viewer=w.outsider).exists()
    assert not selectors.offer_list(viewer=w.hr_other).exists()
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.outsider, actor=w.outsider)
    assert _codes(error) == ["other_agency"]
    _refresh(w.enrolment)
    assert w.enrolment.status == EnrolmentStatus.SELECTED


def test_a_seat_in_a_units_quota_stays_with_that_unit(catalog):
    w = make_exchange_world(catalog, capacity=3)
    AgencyQuota.objects.create(session=w.session, agency=w.agencies["it_unit"], seats=1)
    offer = _offer(w)
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["other_quota"]

    unit_colleague = make_person("x_unit_mate", w.agencies["it_unit"]).user
    new = services.offer_take(offer=offer, taker=unit_colleague, actor=unit_colleague)
    assert new.status == EnrolmentStatus.SELECTED


def test_taking_over_is_refused_after_the_deadline(w):
    offer = _offer(w)
    w.session.hr_changes_close_at = timezone.now() - datetime.timedelta(minutes=1)
    w.session.save()
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["exchange_closed"]
    assert not selectors.offer_list(viewer=w.colleague).exists()


def test_taking_over_is_refused_once_the_class_has_started(w):
    offer = _offer(w)
    today = timezone.localdate()
    w.session.start_date = w.session.end_date = today
    w.session.save()
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["started"]


def test_a_taker_already_registered_for_the_session_is_refused(w):
    enrolment_services.enrolment_register(session=w.session, trainee=w.colleague)
    offer = _offer(w)
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["already_registered"]
    _refresh(offer)
    assert offer.state == OfferState.OPEN


def test_a_taker_who_withdrew_earlier_may_take_the_seat(w):
    earlier = enrolment_services.enrolment_register(
        session=w.session, trainee=w.colleague
    )
    enrolment_services.enrolment_withdraw(enrolment=earlier, actor=w.colleague)
    new = services.offer_take(offer=_offer(w), taker=w.colleague, actor=w.colleague)
    assert new.pk == earlier.pk and new.status == EnrolmentStatus.SELECTED


def test_the_courses_eligibility_rules_apply_to_the_taker(catalog):
    w = make_exchange_world(catalog)
    course = make_course(catalog, repeat_years=0)
    session = make_session(course, capacity=2)
    enrolment = enrolment_services.enrolment_register(
        session=session, trainee=w.offerer
    )
    past = make_session(
        course,
        start=timezone.localdate() - datetime.timedelta(days=400),
        status="closed",
    )
    complete(past, w.colleague)
    offer = services.offer_create(enrolment=enrolment, actor=w.offerer)
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    assert _codes(error) == ["repeat_never"]
    _refresh(offer, enrolment)
    assert offer.state == OfferState.OPEN
    assert enrolment.status == EnrolmentStatus.SELECTED


def test_the_offerer_cannot_take_their_own_offer(w):
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=_offer(w), taker=w.offerer, actor=w.offerer)
    assert _codes(error) == ["own_offer"]


def test_a_taken_offer_cannot_be_taken_again(w):
    offer = _offer(w)
    services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague2, actor=w.colleague2)
    assert _codes(error) == ["taken"]


def test_both_enrolments_record_the_exchange_with_the_actor(w):
    offer = _offer(w)
    new = services.offer_take(offer=offer, taker=w.colleague, actor=w.hr)

    old_events = list(EnrolmentEvent.objects.filter(enrolment=w.enrolment))
    assert [(e.from_status, e.to_status) for e in old_events] == [
        ("", EnrolmentStatus.SELECTED),
        (EnrolmentStatus.SELECTED, EnrolmentStatus.SELECTED),  # offered
        (EnrolmentStatus.SELECTED, EnrolmentStatus.SUBSTITUTED),
    ]
    assert old_events[1].actor == w.offerer
    assert old_events[2].actor == w.hr and "接手乙" in old_events[2].reason
    [new_event] = EnrolmentEvent.objects.filter(enrolment=new)
    assert new_event.to_status == EnrolmentStatus.SELECTED
    assert new_event.actor == w.hr and "讓位甲" in new_event.reason


def test_both_trainees_are_emailed_with_their_hr_office_copied(w):
    OutgoingEmail.objects.all().delete()
    services.offer_take(offer=_offer(w), taker=w.colleague, actor=w.colleague)

    taken = OutgoingEmail.objects.get(template_key="exchange_taken")
    summons = OutgoingEmail.objects.get(template_key="exchange_summons")
    assert taken.to == w.offerer.email and summons.to == w.colleague.email
    assert taken.cc == summons.cc == w.hr.person.email
    assert "接手乙" in taken.body and "讓位甲" in summons.body
    assert "公文寫作班" in summons.subject


# HR offices -------------------------------------------------------------------


def test_the_hr_officer_gives_the_seat_to_one_of_their_people(w):
    offer = _offer(w)
    assert list(selectors.offer_list(viewer=w.hr)) == [offer]
    people = selectors.assignable_people(viewer=w.hr, offer=offer)
    assert w.colleague.person in people and w.offerer.person not in people
    assert w.outsider.person not in people

    new = services.offer_take(offer=offer, taker=w.colleague2, actor=w.hr)
    assert new.user == w.colleague2 and new.status == EnrolmentStatus.SELECTED


def test_an_hr_officer_cannot_give_the_seat_outside_their_agency(w):
    offer = _offer(w)
    with pytest.raises(PermissionDenied):
        services.offer_take(offer=offer, taker=w.outsider, actor=w.hr)
    with pytest.raises(PermissionDenied):
        services.offer_take(offer=offer, taker=w.outsider, actor=w.hr_other)


def test_a_trainee_cannot_give_the_seat_to_someone_else(w):
    with pytest.raises(PermissionDenied):
        services.offer_take(offer=_offer(w), taker=w.colleague2, actor=w.colleague)


def test_an_exchange_does_not_use_the_hr_offices_change_quota(w):
    w.session.hr_change_quota = 0
    w.session.save()
    new = services.offer_take(offer=_offer(w), taker=w.colleague, actor=w.hr)
    assert new.status == EnrolmentStatus.SELECTED
    assert not w.session.hr_changes.exists()


# The waiting list first ----------------------------------------------------------


def _full_with_a_waiting_list(catalog, settings, on=True):
    _waitlist_first(settings, on)
    w = make_exchange_world(catalog, capacity=1)
    waiting = enrolment_services.enrolment_register(
        session=w.session, trainee=w.outsider
    )
    assert waiting.status == EnrolmentStatus.WAITLISTED
    return w, waiting


def test_with_the_rule_an_offer_goes_to_the_waiting_list_at_once(catalog, settings):
    w, waiting = _full_with_a_waiting_list(catalog, settings)
    assert selectors.waitlist_first_applies(session=w.session)

    offer = _offer(w)
    _refresh(w.enrolment, waiting)

    assert offer.state == OfferState.RELEASED
    assert w.enrolment.status == EnrolmentStatus.WITHDRAWN
    assert waiting.status == EnrolmentStatus.SELECTED
    keys = set(OutgoingEmail.objects.values_list("template_key", flat=True))
    assert {"exchange_released", "waitlist_promotion"} <= keys


def test_with_the_rule_a_waiting_list_formed_later_wins_over_the_colleague(
    catalog, settings
):
    _waitlist_first(settings)
    w = make_exchange_world(catalog, capacity=1)
    offer = _offer(w)
    waiting = enrolment_services.enrolment_register(
        session=w.session, trainee=w.outsider
    )

    with pytest.raises(ValidationError) as error:
        services.offer_take(offer=offer, taker=w.colleague, actor=w.colleague)
    _refresh(offer, waiting, w.enrolment)

    assert _codes(error) == ["waitlist_first"]
    assert offer.state == OfferState.RELEASED
    assert waiting.status == EnrolmentStatus.SELECTED
    assert w.enrolment.status == EnrolmentStatus.WITHDRAWN
    assert not Enrolment.objects.filter(user=w.colleague).exists()


def test_without_the_rule_a_colleague_takes_the_seat_despite_a_waiting_list(
    catalog, settings
):
    w, waiting = _full_with_a_waiting_list(catalog, settings, on=False)
    assert not selectors.waitlist_first_applies(session=w.session)

    new = services.offer_take(offer=_offer(w), taker=w.colleague, actor=w.colleague)
    _refresh(waiting)

    assert new.status == EnrolmentStatus.SELECTED
    assert waiting.status == EnrolmentStatus.WAITLISTED


def test_the_sweep_gives_open_offers_to_a_waiting_list_under_the_rule(
    catalog, settings
):
    _waitlist_first(settings)
    w = make_exchange_world(catalog, capacity=1)
    offer = _offer(w)
    waiting = enrolment_services.enrolment_register(
        session=w.session, trainee=w.outsider
    )

    assert services.offers_sweep() == {"expired": 0, "released": 1}
    _refresh(offer, waiting)
    assert offer.state == OfferState.RELEASED
    assert waiting.status == EnrolmentStatus.SELECTED


# The sweep ------------------------------------------------------------------------


def test_the_sweep_expires_offers_past_their_deadline_and_the_seat_is_kept(w):
    offer = _offer(w)
    OutgoingEmail.objects.all().delete()

    assert services.offers_sweep(
        now=offer.deadline - datetime.timedelta(seconds=1)
    ) == {
        "expired": 0,
        "released": 0,
    }
    assert services.offers_sweep(now=offer.deadline) == {"expired": 1, "released": 0}
    _refresh(offer, w.enrolment)

    assert offer.state == OfferState.EXPIRED
    assert w.enrolment.status == EnrolmentStatus.SELECTED
    assert _local(offer.deadline) in w.enrolment.events.last().reason
    mail = OutgoingEmail.objects.get(template_key="exchange_expired")
    assert mail.to == w.offerer.email
    assert services.offers_sweep(now=offer.deadline) == {"expired": 0, "released": 0}


def test_the_sweep_command_expires_offers_of_classes_that_have_begun(w):
    offer = _offer(w)
    SeatOffer.objects.filter(pk=offer.pk).update(
        deadline=timezone.now() + datetime.timedelta(days=1)
    )
    w.session.start_date = w.session.end_date = timezone.localdate()
    w.session.save()

    call_command("exchanges_sweep", verbosity=0)
    _refresh(offer)
    assert offer.state == OfferState.EXPIRED
