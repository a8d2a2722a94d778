"""Reads of seat offers, always through the viewer's scope.

Colleagues are the people of the same bureau (局處) as the offerer's agency at
enrolment, as for an HR office's substitute (``enrolment.services._same_bureau``):
a unit's seat may go to a colleague in a sibling unit of the bureau. HR officers
also see the offers of their own scope; the institute's staff see all.
"""

from django.conf import settings
from django.db.models import BooleanField, Case, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.accounts.access import Scope, viewer_scope
from portal.accounts.selectors import person_list, person_of
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import OfferState, SeatOffer


def bureau_q(agency, *, field="agency") -> Q:
    """Rows whose ``field`` agency is of the same bureau as ``agency`` (the query
    form of ``Agency.bureau_path`` equality)."""
    if agency is None:
        return Q(pk__in=[])
    bureau = agency.bureau_path
    if agency.depth < 2:  # the city itself: its own staff only
        return Q(**{f"{field}__path": bureau})
    return Q(**{f"{field}__path__startswith": bureau, f"{field}__depth__gte": 2})


def _offers():
    return SeatOffer.objects.select_related(
        "enrolment__session__course",
        "enrolment__session__venue",
        "enrolment__agency",
        "enrolment__user__person",
        "taken_by__person",
    )


def _viewer_q(viewer) -> Q:
    """Offers ``viewer`` may see: their bureau's (as a colleague), their HR scope."""
    scope = viewer_scope(viewer)
    if scope.kind == Scope.ALL:
        return Q()
    if scope.kind == Scope.NONE:
        return Q(pk__in=[])
    person = person_of(viewer)
    visible = Q(enrolment__user_id=viewer.pk)
    if person is not None:
        visible |= bureau_q(person.agency, field="enrolment__agency")
    if scope.kind == Scope.AGENCY:
        visible |= Q(enrolment__agency__path__startswith=scope.agency_path)
    return visible


def offer_list(*, viewer, include_own=True):
    """Open offers the viewer may see and act on: before their deadline and the
    class's start, of a trainee still holding the seat."""
    if not viewer.is_authenticated:
        return SeatOffer.objects.none()
    now = timezone.now()
    qs = _offers().filter(
        _viewer_q(viewer),
        state=OfferState.OPEN,
        deadline__gt=now,
        enrolment__status=EnrolmentStatus.SELECTED,
        enrolment__session__start_date__gt=timezone.localdate(),
    )
    # A cut-off moved earlier after the offer was made closes it too.
    qs = qs.exclude(enrolment__session__hr_changes_close_at__lte=now)
    if not include_own:
        qs = qs.exclude(enrolment__user_id=viewer.pk)
    person = person_of(viewer)
    colleague = bureau_q(person.agency if person else None, field="enrolment__agency")
    # Whether the viewer may take each seat themself (an HR office sees more).
    qs = qs.annotate(
        viewer_is_colleague=Case(
            When(colleague & ~Q(enrolment__user_id=viewer.pk), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return qs.order_by("deadline", "pk")


def offer_get(*, viewer, pk) -> SeatOffer:
    """One open offer the viewer may see; 404 otherwise."""
    return get_object_or_404(offer_list(viewer=viewer), pk=pk)


def my_offer_get(*, user, pk) -> SeatOffer:
    """One of ``user``'s own offers, whatever its state; 404 otherwise."""
    return get_object_or_404(_offers().filter(enrolment__user_id=user.pk), pk=pk)


def latest_offers(*, user, enrolment_ids) -> dict:
    """The latest offer of each of ``user``'s enrolments, by enrolment id."""
    latest = {}
    for offer in (
        _offers()
        .filter(enrolment__user_id=user.pk, enrolment_id__in=list(enrolment_ids))
        .order_by("offered_at", "pk")
    ):
        latest[offer.enrolment_id] = offer
    return latest


def assignable_people(*, viewer, offer):
    """People an HR officer (or staff) may give ``offer``'s seat to: in their
    scope, colleagues of the offerer, not the offerer."""
    return (
        person_list(viewer=viewer)
        .filter(bureau_q(offer.enrolment.agency))
        .exclude(user_id=offer.enrolment.user_id)
        .order_by("name", "pk")
    )


def waitlist_first_applies(*, session) -> bool:
    """Whether the institute's rule gives an offered seat of ``session`` to the
    waiting list (the rule is on and somebody waits)."""
    if not settings.TRAINING_RULES.get("EXCHANGE_WAITLIST_FIRST", False):
        return False
    return Enrolment.objects.filter(
        session_id=session.pk, status=EnrolmentStatus.WAITLISTED
    ).exists()


def offers_due(*, now):
    """IDs of open offers past their deadline or whose class has begun."""
    return list(
        SeatOffer.objects.filter(state=OfferState.OPEN)
        .filter(
            Q(deadline__lte=now)
            | Q(enrolment__session__hr_changes_close_at__lte=now)
            | Q(enrolment__session__start_date__lte=timezone.localdate(now))
        )
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )


def offers_waitlist_due():
    """IDs of open offers the waiting-list rule gives to the waiting list now."""
    if not settings.TRAINING_RULES.get("EXCHANGE_WAITLIST_FIRST", False):
        return []
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).values(
        "session_id"
    )
    return list(
        SeatOffer.objects.filter(
            state=OfferState.OPEN, enrolment__session_id__in=waiting
        )
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
