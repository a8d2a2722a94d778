"""Reads of enrolments, always through the viewer's scope."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cms.catalog.models import Session
from portal.accounts.selectors import scope_filter

from .models import ACTIVE_STATUSES, Enrolment, HRChange


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


def enrolment_list(
    *,
    viewer,
    year=None,
    status=None,
    session_code=None,
    name=None,
    agency=None,
    session=None,
):
    """Enrolments the viewer may see (HR: by the agency at enrolment), filtered."""
    qs = scope_filter(
        Enrolment.objects.select_related(
            "session__course", "session__venue", "agency", "user__person"
        ),
        viewer,
    )
    if year:
        qs = qs.filter(session__start_date__year=year)
    if status:
        qs = qs.filter(status=status)
    if session_code:
        qs = qs.filter(session__code__iexact=session_code.strip())
    if name:
        qs = qs.filter(user__person__name__icontains=name.strip())
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("-session__start_date", "session__code", "user__person__name")


def enrolment_get(*, viewer, pk) -> Enrolment:
    """One enrolment in the viewer's scope, with its record; 404 otherwise."""
    return get_object_or_404(
        enrolment_list(viewer=viewer).select_related("record"), pk=pk
    )


def my_enrolment_get(*, user, pk) -> Enrolment:
    """One of ``user``'s own enrolments, with its record; 404 otherwise."""
    return get_object_or_404(
        Enrolment.objects.filter(user=user).select_related(
            "session__course", "session__venue", "agency", "user__person", "record"
        ),
        pk=pk,
    )


def my_enrolments(*, user):
    """The trainee's own registrations, upcoming first then past, with records."""
    today = timezone.localdate()
    qs = (
        Enrolment.objects.filter(user=user)
        .select_related("session__course", "session__venue", "record")
        .order_by("session__start_date")
    )
    rows = list(qs)
    upcoming = [e for e in rows if e.session.end_date >= today]
    past = [e for e in reversed(rows) if e.session.end_date < today]
    return upcoming, past


def session_states(*, user, sessions) -> dict:
    """For a course page, in one query: the user's enrolment in each of
    ``sessions`` (``mine``) and the seats taken in each (``taken``), by session id.
    The rows are the selected trainees and the user's own, so bounded by capacity."""
    ids = [s.pk for s in sessions]
    wanted = Q(status__in=ACTIVE_STATUSES)
    if user.is_authenticated:
        wanted |= Q(user=user)
    mine, taken = {}, {}
    for e in Enrolment.objects.filter(wanted, session_id__in=ids):
        if e.status in ACTIVE_STATUSES:
            taken[e.session_id] = taken.get(e.session_id, 0) + 1
        if user.is_authenticated and e.user_id == user.pk:
            mine[e.session_id] = e
    return {"mine": mine, "taken": taken}


def hr_changes_used(*, session, agency) -> int:
    """Changes HR offices made to ``session``'s nominees of ``agency``'s bureau
    (the quota is the bureau's, its units included)."""
    changes = HRChange.objects.filter(session=session)
    if agency is None:
        return changes.filter(agency__isnull=True).count()
    return changes.filter(agency__path__startswith=agency.bureau_path).count()


def hr_changes_left(*, session, agency) -> int | None:
    """How many changes ``agency`` may still make in ``session`` (None: no limit)."""
    if session.hr_change_quota is None:
        return None
    return max(
        0, session.hr_change_quota - hr_changes_used(session=session, agency=agency)
    )


def transfer_targets(*, enrolment):
    """Other terms of the enrolment's course that take registrations now."""
    return (
        Session.objects.open_for_registration()
        .filter(course_id=enrolment.session.course_id)
        .exclude(pk=enrolment.session_id)
        .order_by("start_date", "term")
    )
