"""What editorial content asks of people's business, without importing it.

``cms/`` apps never import ``portal/``. Where a page or a content selector needs
an answer about people (is this viewer institute staff, is she enrolled, what is
recommended to her), it asks here; the portal apps register their answers when
they start (``AppConfig.ready``). A question nobody answers gets the cautious
default: not staff, not enrolled, nothing to show.
"""

from collections.abc import Callable


def _not_staff(*, user):
    return False


def _not_enrolled(*, user, session_ids=None, course_id=None):
    return False


def _no_sessions(*, user, course_id):
    return set()


def _no_states(*, user, sessions):
    return {"mine": {}, "taken": {}}


def _no_courses(*, course, limit=6):
    return []


def _no_recommendations(*, user, limit=6):
    return []


def _nothing_in_force(*, scope):
    return None  # no lecturer's material is authorized for anything


def _not_allowed(*, handout, scope):
    return handout.lecturer_id is None


def _no_classes(*, user):
    return []


def _no_refusals(*, user, session):
    return []


def _no_role(*, user):
    return {"agency_pages": False, "licensee": False}


DEFAULTS: dict[str, Callable] = {
    "is_institute_staff": _not_staff,
    "enrolment_is_active": _not_enrolled,
    "active_session_ids": _no_sessions,
    # The viewer's enrolment in each session, and each session's seats taken.
    "session_states": _no_states,
    "also_taken_list": _no_courses,
    "recommendation_list": _no_recommendations,
    "viewer_role": _no_role,
    # The training rules that refuse the viewer for a session, in words.
    "eligibility_refusals": _no_refusals,
    # The viewer's classes running today, with seat and check-in (home page).
    "todays_classes": _no_classes,
    # What a lecturer's handout may be used for is the authorization register's
    # answer: the handout ids allowed for a scope (a subquery), and one handout.
    "handouts_in_force": _nothing_in_force,
    "handout_allowed": _not_allowed,
}

_answers: dict[str, Callable] = {}


def answer(question: str, function: Callable) -> None:
    """Register ``function`` as the answer to ``question`` (portal apps' ready())."""
    if question not in DEFAULTS:
        raise KeyError(f"no such question: {question!r}")
    _answers[question] = function


def ask(question: str, **kwargs):
    """The registered answer to ``question``, or its cautious default."""
    return _answers.get(question, DEFAULTS[question])(**kwargs)


def answered() -> set[str]:
    return set(_answers)
