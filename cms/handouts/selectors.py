"""Who may see and download which handout; every face asks here."""

from dataclasses import dataclass

from django.db.models import Q

from cms.core import people

from .models import Handout, Visibility


def _staff(user) -> bool:
    return people.ask("is_institute_staff", user=user)


class Access:
    ALLOWED = "allowed"
    LOGIN_REQUIRED = "login_required"
    NOT_ENROLLED = "not_enrolled"
    HIDDEN = "hidden"


# The visibility rule, in one place: staff download everything; nobody else
# sees staff-only handouts, those of unpublished courses, or a lecturer's
# material that no authorization in force lets the site show to trainees (the
# register's answer, ``people.ask``); public handouts are for everyone; the
# others for active members of the handout's session (or, with no session, of
# any session of its course). ``_listable`` is its first half as a query,
# ``_decide`` the whole of it for one handout.

SITE_SCOPE = "site"


def _shown_to_trainees():
    """The lecturer-rights half of ``_listable``, as a filter."""
    authorized = people.ask("handouts_in_force", scope=SITE_SCOPE)
    if authorized is None:
        return Q(lecturer__isnull=True)
    return Q(lecturer__isnull=True) | Q(pk__in=authorized)


def _listable(handouts, *, staff: bool):
    if staff:
        return handouts
    return (
        handouts.exclude(visibility=Visibility.STAFF)
        .exclude(course__live=False)
        .filter(_shown_to_trainees())
    )


def _authorized(handout: Handout) -> bool:
    return people.ask("handout_allowed", handout=handout, scope=SITE_SCOPE)


def _already_listable(handout: Handout) -> bool:
    return True


def _decide(
    handout: Handout, *, user, staff: bool, enrolled, authorized=_authorized
) -> str:
    """``enrolled(handout)`` answers whether ``user`` is an active member where the
    handout belongs; it is asked only when the answer matters. ``authorized``
    is skipped for handouts that came through ``_listable``."""
    if staff:
        return Access.ALLOWED
    course = handout.course
    if handout.visibility == Visibility.STAFF or (
        course is not None and not course.live
    ):
        return Access.HIDDEN
    if handout.lecturer_id is not None and not authorized(handout):
        return Access.HIDDEN
    if handout.visibility == Visibility.PUBLIC:
        return Access.ALLOWED
    if not user.is_authenticated:
        return Access.LOGIN_REQUIRED
    if not (handout.session_id or handout.course_id):
        return Access.NOT_ENROLLED
    return Access.ALLOWED if enrolled(handout) else Access.NOT_ENROLLED


def _enrolment_of(user):
    """``enrolled`` for handouts of any courses: one question per handout."""

    def enrolled(handout):
        if handout.session_id:
            return people.ask(
                "enrolment_is_active", user=user, session_ids=[handout.session_id]
            )
        return people.ask("enrolment_is_active", user=user, course_id=handout.course_id)

    return enrolled


def handout_access(*, user, handout: Handout) -> str:
    """Decide whether ``user`` may download ``handout``."""
    return _decide(handout, user=user, staff=_staff(user), enrolled=_enrolment_of(user))


def handout_listable(*, user):
    """Handouts whose titles ``user`` may see listed (downloading may still need an
    enrolment): all for staff; for others, not staff-only, not of unpublished
    courses."""
    return _listable(Handout.objects.all(), staff=_staff(user))


@dataclass(frozen=True)
class HandoutListItem:
    handout: Handout
    can_download: bool


def handout_list_for_course(*, user, course) -> list[HandoutListItem]:
    """The handouts of a course and its sessions that ``user`` may see listed."""
    staff = _staff(user)
    handouts = _listable(
        Handout.objects.filter(course=course).select_related("course", "session"),
        staff=staff,
    ).order_by("session__start_date", "title")
    active_sessions = None

    def enrolled(handout):
        # One question for the whole course, asked at the first handout that needs it.
        nonlocal active_sessions
        if active_sessions is None:
            active_sessions = people.ask(
                "active_session_ids", user=user, course_id=course.pk
            )
        if handout.session_id:
            return handout.session_id in active_sessions
        return bool(active_sessions)

    return [
        HandoutListItem(
            handout=handout,
            can_download=_decide(
                handout,
                user=user,
                staff=staff,
                enrolled=enrolled,
                authorized=_already_listable,
            )
            == Access.ALLOWED,
        )
        for handout in handouts
    ]


def handout_search(*, user, query: str, limit=20) -> list[HandoutListItem]:
    """Handouts whose title matches ``query`` (analysed like the catalog), among
    those ``user`` may see listed; for others than staff, of published courses."""
    from search import analysis

    terms = analysis.analyse_query(query)
    if not terms:
        return []
    staff = _staff(user)
    handouts = Handout.objects.all()
    if not staff:
        # The search backend filters on the handout's own fields only; the
        # course's state is judged per hit below.
        handouts = handouts.exclude(visibility=Visibility.STAFF)
    found = list(handouts.search(terms, operator="and")[: limit * 3])
    loaded = {
        h.pk: h
        for h in _listable(
            Handout.objects.filter(pk__in=[h.pk for h in found]), staff=staff
        ).select_related("course", "session")
    }
    enrolled = _enrolment_of(user)
    items = []
    for hit in found:
        handout = loaded.get(hit.pk)
        if handout is None:
            continue
        access = _decide(
            handout,
            user=user,
            staff=staff,
            enrolled=enrolled,
            authorized=_already_listable,
        )
        if access == Access.HIDDEN:
            continue
        items.append(
            HandoutListItem(handout=handout, can_download=access == Access.ALLOWED)
        )
        if len(items) == limit:
            break
    return items
