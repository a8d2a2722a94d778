"""Reads on lecturer records, scoped by ``portal.accounts.access`` (kind
LECTURERS): staff see every lecturer, a lecturer only their own profile, teaching
and evaluations, anybody else nothing."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone

from cms.catalog.models import Session, SessionStatus, TimetableEntry
from portal.accounts import access
from portal.surveys.models import Answer, Kind
from portal.surveys.selectors import MIN_GROUP, small_group

from .models import LecturerProfile, MaterialSubmission, SubmissionStatus


def _profiles(viewer):
    return access.scope_filter(
        LecturerProfile.objects.select_related("lecturer", "user"),
        viewer,
        kind=access.LECTURERS,
    )


def lecturer_profile_list(*, viewer, query: str = "", tag: str = ""):
    """The profiles the viewer may see, searched by name, title or expertise."""
    profiles = _profiles(viewer).prefetch_related("expertise")
    query = " ".join((query or "").split())
    if query:
        profiles = profiles.filter(
            Q(lecturer__name__icontains=query)
            | Q(lecturer__title__icontains=query)
            | Q(expertise__name__icontains=query)
        ).distinct()
    if tag:
        profiles = profiles.filter(expertise__name__iexact=tag.strip()).distinct()
    return profiles.order_by("lecturer__name", "pk")


def lecturer_profile_get(*, viewer, pk) -> LecturerProfile:
    profile = _profiles(viewer).filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def my_lecturer_profile(*, viewer) -> LecturerProfile:
    """The viewer's own profile; 404 for anyone who is not a linked lecturer."""
    if not access.is_lecturer(viewer):
        raise Http404
    profile = _profiles(viewer).filter(user_id=viewer.pk).first()
    if profile is None:
        raise Http404
    return profile


def teaching_list(*, viewer, profile: LecturerProfile):
    """The timetable entries ``profile``'s lecturer teaches, if the viewer may
    see that profile; with session, course and venue."""
    if not _profiles(viewer).filter(pk=profile.pk).exists():
        return TimetableEntry.objects.none()
    return (
        TimetableEntry.objects.filter(lecturer_id=profile.lecturer_id)
        .select_related("session__course", "session__venue")
        .order_by("date", "start_time", "pk")
    )


def my_teaching(*, viewer, today: datetime.date | None = None) -> dict:
    """The viewer's own teaching, split into upcoming (today on) and past."""
    profile = my_lecturer_profile(viewer=viewer)
    today = today or timezone.localdate()
    entries = list(teaching_list(viewer=viewer, profile=profile))
    return {
        "profile": profile,
        "upcoming": [e for e in entries if e.date >= today],
        "past": [e for e in entries if e.date < today][::-1],
    }


def teaching_history(*, viewer, profile: LecturerProfile) -> list[dict]:
    """Teaching by year, newest year first: [{year, entries, periods}]."""
    years = defaultdict(list)
    for entry in teaching_list(viewer=viewer, profile=profile):
        years[entry.date.year].append(entry)
    return [
        {"year": year, "entries": years[year], "periods": len(years[year])}
        for year in sorted(years, reverse=True)
    ]


def _figures(n, mean):
    if small_group(n):
        return {"n": n, "hidden": True, "mean": None}
    return {"n": n, "hidden": False, "mean": round(float(mean), 2)}


def lecturer_ratings(*, viewer, profile: LecturerProfile) -> dict:
    """The lecturer's questionnaire ratings (questions about lecturers), per
    session and question and per year, released answers only; any figure over
    fewer than ``MIN_GROUP`` answers is hidden (the small-group rule)."""
    if not _profiles(viewer).filter(pk=profile.pk).exists():
        raise Http404
    answers = Answer.objects.filter(
        lecturer_id=profile.lecturer_id,
        question__kind=Kind.LECTURER,
        value__isnull=False,
        response__questionnaire__is_template=False,
    )
    rows = (
        answers.values(
            "response__questionnaire_id",
            "response__questionnaire__title",
            "response__questionnaire__session__code",
            "response__questionnaire__session__term",
            "response__questionnaire__session__start_date",
            "response__questionnaire__session__course__title",
            "question_id",
            "question__text",
        )
        .annotate(n=Count("id"), mean=Avg("value"))
        .order_by(
            "-response__questionnaire__session__start_date",
            "response__questionnaire_id",
            "question__sort_order",
            "question_id",
        )
    )
    sessions = []
    by_questionnaire = {}
    yearly = defaultdict(lambda: [0, 0.0])
    for row in rows:
        qid = row["response__questionnaire_id"]
        start = row["response__questionnaire__session__start_date"]
        if qid not in by_questionnaire:
            by_questionnaire[qid] = {
                "questionnaire": row["response__questionnaire__title"],
                "session_code": row["response__questionnaire__session__code"],
                "term": row["response__questionnaire__session__term"],
                "course": row["response__questionnaire__session__course__title"],
                "start_date": start,
                "questions": [],
            }
            sessions.append(by_questionnaire[qid])
        by_questionnaire[qid]["questions"].append(
            {"question": row["question__text"], **_figures(row["n"], row["mean"])}
        )
        year = yearly[start.year if start else 0]
        year[0] += row["n"]
        year[1] += float(row["mean"]) * row["n"]
    years = [
        {"year": year, **_figures(n, total / n if n else 0)}
        for year, (n, total) in sorted(yearly.items(), reverse=True)
    ]
    return {"sessions": sessions, "years": years, "min_group": MIN_GROUP}


# Material submissions -----------------------------------------------------------

REVIEW_PERMISSION = "lecturers.review_materialsubmission"


def material_days_after() -> int:
    """How many days after a session ends its lecturer may still hand in material."""
    return int(getattr(settings, "LECTURER_MATERIAL_DAYS_AFTER", 30))


def material_session_list(*, viewer, profile: LecturerProfile, today=None):
    """The sessions ``profile``'s lecturer may hand in material for: sessions
    they teach, not cancelled, not ended more than ``material_days_after()``
    days ago; only for the lecturer themself."""
    if profile.user_id is None or profile.user_id != getattr(viewer, "pk", None):
        return Session.objects.none()
    if not _profiles(viewer).filter(pk=profile.pk).exists():
        return Session.objects.none()
    today = today or timezone.localdate()
    return (
        Session.objects.filter(
            timetable__lecturer_id=profile.lecturer_id,
            end_date__gte=today - datetime.timedelta(days=material_days_after()),
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("course")
        .distinct()
        .order_by("start_date", "code", "pk")
    )


def material_session_get(*, pk):
    """A session by id for a hand-in (the service decides whether it may be
    used); None when there is no such session."""
    return Session.objects.select_related("course").filter(pk=pk).first()


def _submissions():
    return MaterialSubmission.objects.select_related(
        "profile__lecturer", "session__course", "reviewed_by", "handout"
    )


def my_material_list(*, viewer, session_id=None, status: str | None = None):
    """The viewer's own submissions as a lecturer, newest first; a staff scope
    does not widen what the lecturer's pages and API show."""
    if not access.is_lecturer(viewer):
        return MaterialSubmission.objects.none()
    queryset = _submissions().filter(profile__user_id=viewer.pk)
    if session_id is not None:
        queryset = queryset.filter(session_id=session_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_at", "-pk")


def my_material_get(*, viewer, pk) -> MaterialSubmission:
    """One of the viewer's own submissions, or 404."""
    submission = my_material_list(viewer=viewer).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def my_materials(*, viewer, today=None) -> dict:
    """The lecturer's materials page: the sessions they may hand in for, each
    with their submissions, and earlier sessions that have submissions."""
    profile = my_lecturer_profile(viewer=viewer)
    sessions = list(material_session_list(viewer=viewer, profile=profile, today=today))
    by_session = defaultdict(list)
    for submission in my_material_list(viewer=viewer):
        by_session[submission.session_id].append(submission)
    open_ids = {session.pk for session in sessions}
    earlier = {}
    for items in by_session.values():
        session = items[0].session
        if session.pk not in open_ids:
            earlier[session.pk] = session
    return {
        "profile": profile,
        "open_sessions": [
            {"session": session, "submissions": by_session.get(session.pk, [])}
            for session in sessions
        ],
        "earlier_sessions": [
            {"session": session, "submissions": by_session[session.pk]}
            for session in sorted(
                earlier.values(), key=lambda s: (s.start_date, s.pk), reverse=True
            )
        ],
    }


def can_review_all_materials(viewer) -> bool:
    """Staff given the review permission see every session's material."""
    return access.is_institute_staff(viewer) and viewer.has_perm(REVIEW_PERMISSION)


def material_review_sessions(*, viewer):
    """The sessions whose material the viewer reviews: the sessions they
    organize (``access.session_filter``), or all with the review permission."""
    if can_review_all_materials(viewer):
        return Session.objects.all()
    return access.session_filter(Session.objects.all(), viewer)


def may_review_materials(viewer) -> bool:
    """Whether the viewer reviews any lecturer material (menus, API permission)."""
    return can_review_all_materials(viewer) or (
        access.viewer_scope(viewer, kind=access.SESSIONS).kind == access.Scope.ALL
    )


def material_review_list(*, viewer, status: str | None = None, query: str = ""):
    """Submissions of the sessions the viewer reviews, oldest waiting first."""
    if not may_review_materials(viewer):
        return MaterialSubmission.objects.none()
    queryset = _submissions()
    if not can_review_all_materials(viewer):
        queryset = queryset.filter(
            session__in=material_review_sessions(viewer=viewer).values("pk")
        )
    if status:
        queryset = queryset.filter(status=status)
    query = " ".join((query or "").split())
    if query:
        queryset = queryset.filter(
            Q(title__icontains=query)
            | Q(profile__lecturer__name__icontains=query)
            | Q(session__code__icontains=query)
            | Q(session__course__title__icontains=query)
        )
    if status == SubmissionStatus.SUBMITTED:
        return queryset.order_by("submitted_at", "pk")
    return queryset.order_by("-submitted_at", "-pk")


def material_review_get(*, viewer, pk) -> MaterialSubmission:
    """One submission the viewer reviews, or 404."""
    submission = material_review_list(viewer=viewer).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def material_download_get(*, viewer, pk) -> MaterialSubmission:
    """A submission whose file the viewer may download: their own, or one they
    review; 404 for anyone else."""
    submission = my_material_list(viewer=viewer).filter(pk=pk).first()
    if submission is None:
        submission = material_review_list(viewer=viewer).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission
