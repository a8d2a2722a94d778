"""Reads of enrolments; the handout rules and later faces ask here."""

from .models import ACTIVE_STATUSES, Enrolment


def _active(*, user):
    return Enrolment.objects.filter(user=user, status__in=ACTIVE_STATUSES)


def enrolment_is_active(*, user, session_ids=None, course_id=None) -> bool:
    """Whether ``user`` is an active member of one of the sessions (or the course)."""
    if not user.is_authenticated:
        return False
    qs = _active(user=user)
    if session_ids is not None:
        qs = qs.filter(session_id__in=session_ids)
    if course_id is not None:
        qs = qs.filter(session__course_id=course_id)
    return qs.exists()


def active_session_ids(*, user, course_id) -> set[int]:
    """IDs of the course's sessions in which ``user`` is an active member."""
    if not user.is_authenticated:
        return set()
    return set(
        _active(user=user)
        .filter(session__course_id=course_id)
        .values_list("session_id", flat=True)
    )
