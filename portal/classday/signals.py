from django.dispatch import receiver

from portal.enrolment.signals import enrolment_status_changed

from . import services


@receiver(enrolment_status_changed)
def seats_follow_selection(sender, enrolment, from_status, **kwargs):
    services.seat_on_status_change(enrolment=enrolment, from_status=from_status)
