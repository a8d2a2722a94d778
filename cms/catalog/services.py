from collections.abc import Callable

from django.db import transaction

from .models import Session, Venue


def session_save(
    *, session: Session, save: Callable[[], object] | None = None
) -> Session:
    """Validate and save a session; bookings of one venue are serialised by a row lock."""
    with transaction.atomic():
        if session.venue_id:
            # Two organizers booking one room at once: the second waits here and
            # then sees the first one's session in the conflict check.
            list(Venue.objects.select_for_update().filter(pk=session.venue_id))
        session.full_clean()
        if save is None:
            session.save()
        else:
            save()
    return session
