"""Reads on lecturer records, scoped by ``portal.accounts.access`` (kind
LECTURERS): staff see every lecturer, a lecturer only their own profile, teaching
and evaluations, anybody else nothing."""

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone

from cms.catalog.models import TimetableEntry
from portal.accounts import access
from portal.surveys.models import Answer, Kind
from portal.surveys.selectors import MIN_GROUP, small_group

from .models import LecturerProfile


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
