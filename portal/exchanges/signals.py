"""An open offer closes when its seat is given up some other way."""

from django.dispatch import receiver
from django.utils import timezone

from portal.enrolment.models import EnrolmentStatus
from portal.enrolment.signals import enrolment_status_changed

from .models import OfferState, SeatOffer


@receiver(enrolment_status_changed, dispatch_uid="exchanges_close_offers")
def close_offers_of_lost_seats(sender, enrolment, from_status, **kwargs):
    """Withdrawn, substituted or moved by someone else: the offer is moot."""
    if enrolment.status != EnrolmentStatus.SELECTED:
        SeatOffer.objects.filter(enrolment=enrolment, state=OfferState.OPEN).update(
            state=OfferState.WITHDRAWN, closed_at=timezone.now()
        )
