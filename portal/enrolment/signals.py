from django.dispatch import Signal

# Sent inside the service's transaction, with the session row locked:
# enrolment, from_status.
enrolment_status_changed = Signal()
