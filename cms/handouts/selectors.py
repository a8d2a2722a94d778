"""Who may see and download which handout; every face asks here."""

from dataclasses import dataclass

from cms.core import people

from .models import Handout, Visibility


def _staff(user) -> bool:
    return people.ask("is_institute_staff", user=user)


class Access:
    ALLOWED = "allowed"
    LOGIN_REQUIRED = "login_required"
    NOT_ENROLLED = "not_enrolled"
    HIDDEN = "hidden"


def handout_access(*, user, handout: Handout) -> str:
    """Decide whether ``user`` may download ``handout``."""
    if _staff(user):
        return Access.ALLOWED
    course = handout.course
    if handout.visibility == Visibility.STAFF or (
        course is not None and not course.live
    ):
        return Access.HIDDEN
    if handout.visibility == Visibility.PUBLIC:
        return Access.ALLOWED
    if not user.is_authenticated:
        return Access.LOGIN_REQUIRED
    if handout.session_id:
        enrolled = people.ask(
            "enrolment_is_active", user=user, session_ids=[handout.session_id]
        )
    elif handout.course_id:
        enrolled = people.ask(
            "enrolment_is_active", user=user, course_id=handout.course_id
        )
    else:
        enrolled = False
    return Access.ALLOWED if enrolled else Access.NOT_ENROLLED


def handout_listable(*, user):
    """Handouts whose titles ``user`` may see listed (downloading may still need an
    enrolment): all for staff; for others, not staff-only, not of unpublished
    courses."""
    handouts = Handout.objects.all()
    if _staff(user):
        return handouts
    return handouts.exclude(visibility=Visibility.STAFF).exclude(course__live=False)


@dataclass(frozen=True)
class HandoutListItem:
    handout: Handout
    can_download: bool


def handout_list_for_course(*, user, course) -> list[HandoutListItem]:
    """The handouts of a course and its sessions that ``user`` may see listed."""
    handouts = Handout.objects.filter(course=course).select_related("session")
    staff = _staff(user)
    if not staff:
        handouts = handouts.exclude(visibility=Visibility.STAFF)
    handouts = list(handouts.order_by("session__start_date", "title"))
    enrolled_sessions = set()
    if (
        not staff
        and user.is_authenticated
        and any(h.visibility == Visibility.ENROLLED for h in handouts)
    ):
        enrolled_sessions = people.ask(
            "active_session_ids", user=user, course_id=course.pk
        )
    items = []
    for handout in handouts:
        if staff or handout.visibility == Visibility.PUBLIC:
            allowed = True
        elif handout.session_id:
            allowed = handout.session_id in enrolled_sessions
        else:
            allowed = bool(enrolled_sessions)
        items.append(HandoutListItem(handout=handout, can_download=allowed))
    return items


def handout_search(*, user, query: str, limit=20) -> list[HandoutListItem]:
    """Handouts whose title matches ``query`` (analysed like the catalog), among
    those ``user`` may see listed; for others than staff, of published courses."""
    from search import analysis

    terms = analysis.analyse_query(query)
    if not terms:
        return []
    handouts = Handout.objects.all()
    staff = _staff(user)
    if not staff:
        handouts = handouts.exclude(visibility=Visibility.STAFF)
    found = list(handouts.search(terms, operator="and")[: limit * 3])
    courses = {
        h.pk: h
        for h in Handout.objects.filter(pk__in=[h.pk for h in found]).select_related(
            "course", "session"
        )
    }
    items = []
    for hit in found:
        handout = courses.get(hit.pk)
        if handout is None or (
            not staff and handout.course and not handout.course.live
        ):
            continue
        access = handout_access(user=user, handout=handout)
        items.append(
            HandoutListItem(handout=handout, can_download=access == Access.ALLOWED)
        )
        if len(items) == limit:
            break
    return items
