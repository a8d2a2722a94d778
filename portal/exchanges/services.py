"""Seat exchange (異動媒合): offer a seat, withdraw the offer, take it over, and
the sweep that closes offers nobody took.

Taking over locks the session row first, as every enrolment service does, then
the offer: two colleagues taking one offer at once are served one after the
other, and the second finds it taken. The seat never goes back to the pool, so
capacity and agency quotas are unchanged; the HR office's change quota is not
used either (the trainee, not the HR office, gave the seat up).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Session, SessionStatus
from portal.accounts.access import is_hr_officer, is_institute_staff
from portal.accounts.names import display_name
from portal.accounts.selectors import person_list, person_of
from portal.enrolment.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
)
from portal.enrolment.selectors import enrolment_list
from portal.enrolment.services import (
    _check_rules,
    _event,
    _hr_addresses,
    _lock_session,
    _mail_context,
    _promote_waitlist,
    _quota_for,
    _same_bureau,
    _set_status,
    _trainee_address,
    self_withdrawal_until,
)
from portal.notifications.services import email_queue

from . import selectors
from .models import OfferState, SeatOffer


def offer_deadline(session: Session) -> datetime.datetime:
    """Until when a seat of ``session`` may be offered and taken over: the HR
    offices' cut-off if the session has one, else the end of the last day a
    trainee may withdraw (23:59); never later than the class's start."""
    tz = timezone.get_current_timezone()
    starts = datetime.datetime.combine(session.start_date, datetime.time.min, tz)
    if session.hr_changes_close_at:
        return min(session.hr_changes_close_at, starts)
    last_day = self_withdrawal_until(session)
    end_of_day = datetime.datetime.combine(last_day, datetime.time(23, 59), tz)
    return min(end_of_day, starts)


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _check_window(session, *, deadline=None):
    """Refuse once the class has begun, after the deadline, or for a class that
    takes no substitutes (an exchange is one, asked for by the trainee)."""
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session has been cancelled."), code="cancelled")
    if session.start_date <= timezone.localdate():
        raise ValidationError(
            _(
                "The class began on %(date)s: seats can be offered and taken over "
                "only before it starts."
            )
            % {"date": session.start_date.isoformat()},
            code="started",
        )
    closes = offer_deadline(session)
    if deadline is not None:
        closes = min(closes, deadline)
    if timezone.now() >= closes:
        raise ValidationError(
            _("Seat exchange for this class closed on %(at)s.") % {"at": _at(closes)},
            code="exchange_closed",
        )
    if not session.hr_may_substitute:
        raise ValidationError(
            _("This class takes no substitutes, so its seats cannot be exchanged."),
            code="change_not_allowed",
        )


def offer_refusal(*, enrolment: Enrolment) -> str | None:
    """Why ``enrolment``'s seat cannot be offered now, or None (for the pages,
    before the trainee confirms; ``offer_create`` checks again under lock)."""
    if enrolment.status != EnrolmentStatus.SELECTED:
        return _("Only a trainee holding a seat can offer it.")
    try:
        _check_window(enrolment.session)
    except ValidationError as error:
        return " ".join(error.messages)
    if SeatOffer.objects.filter(enrolment=enrolment, state=OfferState.OPEN).exists():
        return _("You have already offered this seat.")
    return None


def _lock_offer(pk) -> SeatOffer:
    return SeatOffer.objects.select_for_update(of=("self",)).get(pk=pk)


def _close(offer, state, actor):
    offer.state = state
    offer.closed_at = timezone.now()
    offer.closed_by = actor if actor is not None and actor.is_authenticated else None
    offer.save()


def _names(offer, old, taker=None):
    return {
        "offerer_name": display_name(old.user),
        "taker_name": display_name(taker) if taker is not None else "—",
        "deadline": _at(offer.deadline),
    }


def _release(session, offer, old, *, actor):
    """The waiting list comes first: the offerer leaves and the first in line
    gets the seat, as on a withdrawal."""
    _close(offer, OfferState.RELEASED, actor)
    old.session = session
    _set_status(
        old,
        EnrolmentStatus.WITHDRAWN,
        actor=actor,
        reason=_("Seat offered; given to the first on the waiting list"),
    )
    email_queue(
        key="exchange_released",
        to=[_trainee_address(old)],
        cc=_hr_addresses(old),
        context=_mail_context(old, **_names(offer, old)),
    )
    _promote_waitlist(session, actor=actor)


def offer_create(*, enrolment: Enrolment, actor, note: str = "") -> SeatOffer:
    """A selected trainee offers their seat to colleagues until the deadline; when
    the institute's rule puts the waiting list first and someone waits, the seat
    goes to the first in line at once (the offer is then ``released``)."""
    if actor is None or actor.pk != enrolment.user_id:
        raise PermissionDenied(_("Only the trainee can offer their own seat."))
    with transaction.atomic():
        session = _lock_session(enrolment.session_id)
        old = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if old.status != EnrolmentStatus.SELECTED:
            raise ValidationError(
                _("Only a trainee holding a seat can offer it."), code="not_selected"
            )
        _check_window(session)
        if SeatOffer.objects.filter(enrolment=old, state=OfferState.OPEN).exists():
            raise ValidationError(
                _("You have already offered this seat."), code="already_offered"
            )
        note = note.strip()[:255]
        try:
            with transaction.atomic():
                offer = SeatOffer.objects.create(
                    enrolment=old,
                    offered_by=actor,
                    note=note,
                    deadline=offer_deadline(session),
                )
        except IntegrityError as error:  # the conditional unique constraint
            raise ValidationError(
                _("You have already offered this seat."), code="already_offered"
            ) from error
        _event(
            old,
            old.status,
            actor,
            _("Seat offered to colleagues until %(at)s") % {"at": _at(offer.deadline)},
        )
        if selectors.waitlist_first_applies(session=session):
            _release(session, offer, old, actor=actor)
    return offer


def offer_withdraw(*, offer: SeatOffer, actor) -> SeatOffer:
    """The trainee takes their offer back while it is open; they keep the seat."""
    with transaction.atomic():
        _lock_session(offer.enrolment.session_id)
        offer = _lock_offer(offer.pk)
        old = offer.enrolment
        if actor is None or actor.pk != old.user_id:
            raise PermissionDenied(_("Only the trainee can withdraw their offer."))
        if offer.state != OfferState.OPEN:
            raise ValidationError(
                _("This offer is no longer open (%(state)s).")
                % {"state": offer.get_state_display()},
                code="not_open",
            )
        _close(offer, OfferState.WITHDRAWN, actor)
        _event(old, old.status, actor, _("Seat offer withdrawn; the seat is kept"))
    return offer


def _check_taker(actor, taker, old):
    """The taker is a colleague of the offerer; someone else acting for them is
    their HR office (or the institute's staff)."""
    if taker.pk == old.user_id:
        raise ValidationError(
            _("This is your own seat: withdraw the offer to keep it."), code="own_offer"
        )
    if actor.pk != taker.pk:
        if not (is_hr_officer(actor) or is_institute_staff(actor)):
            raise PermissionDenied(
                _("Only an HR office can give a seat to someone else.")
            )
        if not person_list(viewer=actor).filter(user=taker).exists():
            raise PermissionDenied(_("This person is not in your agency."))
        if not enrolment_list(viewer=actor).filter(pk=old.pk).exists():
            raise PermissionDenied(_("This seat is not one of your agency's."))
    person = person_of(taker)
    agency = person.agency if person else None
    if agency is None or not _same_bureau(agency, old.agency):
        raise ValidationError(
            _("Only colleagues of %(agency)s can take over this seat.")
            % {"agency": old.agency.name if old.agency_id else "—"},
            code="other_agency",
        )
    return agency


def offer_take(*, offer: SeatOffer, taker, actor) -> Enrolment:
    """A colleague takes the offered seat over (or their HR office gives it to
    them): the offerer's enrolment is substituted, the taker's is selected, the
    seat and the agency quota stay as they were. Both are told, their HR offices
    copied. Refused after the deadline or the start, to someone of another bureau
    or quota, already registered, or not eligible for the course."""
    agency = _check_taker(actor, taker, offer.enrolment)
    released = False
    with transaction.atomic():
        session = _lock_session(offer.enrolment.session_id)
        offer = _lock_offer(offer.pk)
        old = Enrolment.objects.select_for_update().get(pk=offer.enrolment_id)
        if offer.state == OfferState.TAKEN:
            raise ValidationError(
                _("Someone else took this seat over first."), code="taken"
            )
        if offer.state != OfferState.OPEN or old.status != EnrolmentStatus.SELECTED:
            raise ValidationError(
                _("This seat is no longer offered (%(state)s).")
                % {"state": offer.get_state_display()},
                code="not_open",
            )
        _check_window(session, deadline=offer.deadline)
        if selectors.waitlist_first_applies(session=session):
            _release(session, offer, old, actor=actor)
            released = True
        else:
            new = _hand_over(session, offer, old, taker, agency, actor=actor)
    if released:
        raise ValidationError(
            _(
                "People are waiting for this class: under the institute's rule the "
                "seat went to the first on the waiting list."
            ),
            code="waitlist_first",
        )
    return new


def _hand_over(session, offer, old, taker, agency, *, actor):
    quota = _quota_for(session, old.agency)
    if quota is not None and quota != _quota_for(session, agency):
        raise ValidationError(
            _("This seat is reserved for %(agency)s: only its staff can take it over.")
            % {"agency": quota.agency.name},
            code="other_quota",
        )
    existing = (
        Enrolment.objects.select_for_update()
        .filter(session=session, user=taker)
        .first()
    )
    if existing is not None and existing.status in OPEN_STATUSES:
        raise ValidationError(
            _("%(name)s is already registered for this session (%(status)s).")
            % {"name": display_name(taker), "status": existing.get_status_display()},
            code="already_registered",
        )
    _check_rules(session, taker)
    new = existing or Enrolment(session=session, user=taker)
    new.agency = agency
    new.source = EnrolmentSource.EXCHANGE
    new.queued_at = old.queued_at
    offer.taken_by = taker
    _close(offer, OfferState.TAKEN, actor)
    names = _names(offer, old, taker)
    old.session = session
    _set_status(
        old,
        EnrolmentStatus.SUBSTITUTED,
        actor=actor,
        reason=_("Seat taken over by %(name)s (seat exchange)")
        % {"name": names["taker_name"]},
    )
    new.session = session
    _set_status(
        new,
        EnrolmentStatus.SELECTED,
        actor=actor,
        reason=_("Took over the seat of %(name)s (seat exchange)")
        % {"name": names["offerer_name"]},
    )
    offer.new_enrolment = new
    offer.save(update_fields=["new_enrolment"])
    hr = list(dict.fromkeys(_hr_addresses(old) + _hr_addresses(new)))
    email_queue(
        key="exchange_taken",
        to=[_trainee_address(old)],
        cc=hr,
        context=_mail_context(old, **names),
    )
    email_queue(
        key="exchange_summons",
        to=[_trainee_address(new)],
        cc=hr,
        context=_mail_context(new, **names),
    )
    return new


def _expire(pk):
    with transaction.atomic():
        offer = SeatOffer.objects.select_related("enrolment").get(pk=pk)
        _lock_session(offer.enrolment.session_id)
        offer = _lock_offer(pk)
        if offer.state != OfferState.OPEN:
            return False
        _close(offer, OfferState.EXPIRED, None)
        old = offer.enrolment
        _event(
            old,
            old.status,
            None,
            _("Nobody took over the seat by %(at)s; the seat is kept")
            % {"at": _at(offer.deadline)},
        )
        if old.status == EnrolmentStatus.SELECTED:
            email_queue(
                key="exchange_expired",
                to=[_trainee_address(old)],
                context=_mail_context(old, **_names(offer, old)),
            )
    return True


def _release_due(pk):
    with transaction.atomic():
        offer = SeatOffer.objects.select_related("enrolment").get(pk=pk)
        session = _lock_session(offer.enrolment.session_id)
        offer = _lock_offer(pk)
        old = Enrolment.objects.select_for_update().get(pk=offer.enrolment_id)
        if offer.state != OfferState.OPEN or old.status != EnrolmentStatus.SELECTED:
            return False
        if not selectors.waitlist_first_applies(session=session):
            return False
        _release(session, offer, old, actor=None)
    return True


def offers_sweep(*, now=None) -> dict:
    """Close the offers nobody took by their deadline (or the class's start): the
    trainee keeps the seat and is told. Under the waiting-list rule, open offers
    of a class with people waiting go to the first in line. Safe to run often."""
    now = now or timezone.now()
    counts = {"expired": 0, "released": 0}
    for pk in selectors.offers_due(now=now):
        counts["expired"] += _expire(pk)
    for pk in selectors.offers_waitlist_due():
        counts["released"] += _release_due(pk)
    return counts
