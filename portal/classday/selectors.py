"""Class-day reads; the organizer's views check ``is_organizer`` first, trainees
see only their own enrolment."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cms.catalog.models import Session, SessionStatus
from portal.accounts.access import is_organizer, session_filter
from portal.accounts.names import display_name
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import (
    Ballot,
    CheckIn,
    ClassDaySettings,
    EarlyEnd,
    LeaveRequest,
    LeaveStatus,
    Meal,
    MealChoice,
    Vote,
    VoteStatus,
    seat_position,
)


def my_enrolment(*, user, session_id) -> Enrolment:
    """The viewer's own selected enrolment in a session; 404 otherwise."""
    return get_object_or_404(
        Enrolment.objects.select_related(
            "session__course",
            "session__venue__seat_plan",
            "session__class_day_settings",
            "seat",
        ).filter(user=user, status=EnrolmentStatus.SELECTED),
        session_id=session_id,
    )


def session_for_organizer(*, viewer, session_id) -> Session:
    """A session the viewer runs; 404 for anyone who runs none."""
    return get_object_or_404(
        session_filter(
            Session.objects.select_related("course", "venue", "class_day_settings"),
            viewer,
        ),
        pk=session_id,
    )


def selected_enrolment(*, session, pk) -> Enrolment:
    """A selected trainee of ``session`` (for the organizer's marks and seats)."""
    return get_object_or_404(
        Enrolment.objects.select_related("session__course", "session__venue"),
        pk=pk,
        session=session,
        status=EnrolmentStatus.SELECTED,
    )


def leave_get(*, viewer, session=None, pk) -> LeaveRequest:
    """A leave request of a session the viewer runs (and of ``session``); 404."""
    queryset = LeaveRequest.objects.select_related("enrolment__user__person").filter(
        enrolment__session__in=session_filter(Session.objects.all(), viewer)
    )
    if session is not None:
        queryset = queryset.filter(enrolment__session=session)
    return get_object_or_404(queryset, pk=pk)


@dataclass
class ClassDay:
    """A trainee's day in a session, as the site page and the API show it."""

    enrolment: Enrolment
    session: Session
    settings: ClassDaySettings
    date: datetime.date
    checkin: CheckIn | None
    seat: int | None
    seat_position: tuple[int, int] | None
    timetable: list
    leave_requests: QuerySet
    meals: dict
    meals_open: bool
    votes: list[Vote]


def class_day_get(*, enrolment: Enrolment, day=None) -> ClassDay:
    """The class day of the viewer's enrolment (from ``my_enrolment``): today's
    check-in and seat, the timetable, leave, meals and the votes to take part in."""
    session = enrolment.session
    day = day or timezone.localdate()
    seat = getattr(enrolment, "seat", None)
    number = seat.number if seat else None
    settings = ClassDaySettings.for_session(session)
    return ClassDay(
        enrolment=enrolment,
        session=session,
        settings=settings,
        date=day,
        checkin=enrolment.checkins.filter(date=day).first(),
        seat=number,
        seat_position=seat_position(session, number),
        timetable=timetable_of_day(session=session, day=day),
        leave_requests=my_leave(enrolment=enrolment),
        meals=my_meals(enrolment=enrolment),
        meals_open=settings.meals_open(),
        votes=list(open_votes(session=session).prefetch_related("options")),
    )


def vote_get(*, viewer, pk, session=None) -> Vote:
    """A vote of a session the viewer runs (and of ``session``); 404 otherwise."""
    queryset = Vote.objects.filter(
        session__in=session_filter(Session.objects.all(), viewer)
    )
    if session is not None:
        queryset = queryset.filter(session=session)
    return get_object_or_404(queryset, pk=pk)


def vote_for_viewer(*, viewer, vote_id):
    """(vote, is organizer): organizers see any vote, trainees their session's."""
    vote = get_object_or_404(
        Vote.objects.select_related("session__course").prefetch_related("options"),
        pk=vote_id,
    )
    organizer = is_organizer(viewer)
    if not organizer:
        my_enrolment(user=viewer, session_id=vote.session_id)
    return vote, organizer


def timetable_of_day(*, session, day=None):
    day = day or timezone.localdate()
    return [entry for entry in session.timetable.all() if entry.date == day]


def arrival_list(*, session, day=None) -> list[dict]:
    """Every selected trainee with today's check-in and seat, seat order first."""
    day = day or timezone.localdate()
    checkins = {
        c.enrolment_id: c
        for c in CheckIn.objects.filter(session=session, date=day).select_related(
            "recorded_by"
        )
    }
    rows = []
    for enrolment in (
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.SELECTED)
        .select_related("user__person", "agency", "seat")
        .order_by("pk")
    ):
        seat = getattr(enrolment, "seat", None)
        rows.append(
            {
                "enrolment": enrolment,
                "name": display_name(enrolment.user),
                "agency": enrolment.agency.name if enrolment.agency_id else "",
                "seat": seat.number if seat else None,
                "checkin": checkins.get(enrolment.pk),
            }
        )
    rows.sort(key=lambda r: (r["seat"] is None, r["seat"] or 0, r["name"]))
    return rows


def leave_list(*, session):
    return (
        LeaveRequest.objects.filter(enrolment__session=session)
        .select_related("enrolment__user__person", "decided_by")
        .order_by("status", "date", "created_at")
    )


def my_leave(*, enrolment):
    return LeaveRequest.objects.filter(enrolment=enrolment).order_by("date")


def meal_counts(*, session) -> list[dict]:
    """Per class day: regular, vegetarian, none and not chosen."""
    selected = Enrolment.objects.filter(
        session=session, status=EnrolmentStatus.SELECTED
    ).count()
    counts = defaultdict(Counter)
    for day, meal, n in (
        MealChoice.objects.filter(
            session=session, enrolment__status=EnrolmentStatus.SELECTED
        )
        .values_list("date", "meal")
        .annotate(n=Count("pk"))
    ):
        counts[day][meal] = n
    return [
        {
            "date": day,
            "regular": counts[day]["regular"],
            "vegetarian": counts[day]["vegetarian"],
            "none": counts[day]["none"],
            "unknown": selected - sum(counts[day].values()),
        }
        for day in session.class_days()
    ]


def meal_roster(*, session):
    """Who chose what, for the export."""
    return (
        MealChoice.objects.filter(
            session=session, enrolment__status=EnrolmentStatus.SELECTED
        )
        .select_related("enrolment__user__person", "enrolment__agency")
        .order_by("date", "meal", "enrolment__user__person__name")
    )


def my_meals(*, enrolment) -> dict:
    return dict(
        MealChoice.objects.filter(enrolment=enrolment).values_list("date", "meal")
    )


def votes_of_session(*, session):
    return Vote.objects.filter(session=session).prefetch_related(Prefetch("options"))


def open_votes(*, session):
    return Vote.objects.filter(
        session=session, status__in=[VoteStatus.OPEN, VoteStatus.PUBLISHED]
    )


def vote_results(*, vote) -> dict:
    counts = dict(
        Ballot.objects.filter(vote=vote)
        .values("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    options = [
        {"id": o.pk, "label": o.label, "votes": counts.get(o.pk, 0)}
        for o in vote.options.all()
    ]
    return {
        "id": vote.pk,
        "question": vote.question,
        "status": vote.status,
        "total": sum(counts.values()),
        "options": options,
    }


def has_voted(*, vote, user) -> bool:
    return Ballot.objects.filter(vote=vote, user=user).exists()


def _count_of(queryset, session_field="session"):
    """How many rows of ``queryset`` belong to the outer session, as a subquery."""
    return Coalesce(
        Subquery(
            queryset.filter(**{session_field: OuterRef("pk")})
            .order_by()
            .values(session_field)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def organizer_week(*, viewer, today=None) -> dict:
    """The organizer's classes: ``today`` (a class day today) and ``week`` (the
    rest running in the next 7 days), not cancelled, with today's arrivals,
    selected trainees, pending leave, today's meals and open votes counted in
    one query (subqueries), whatever the number of sessions."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=6)
    selected = Enrolment.objects.filter(status=EnrolmentStatus.SELECTED)
    meals = MealChoice.objects.filter(
        date=today, enrolment__status=EnrolmentStatus.SELECTED
    )
    sessions = (
        session_filter(Session.objects.not_cancelled(), viewer)
        .filter(start_date__lte=until, end_date__gte=today)
        .select_related("course", "venue", "class_day_settings")
        .prefetch_related("timetable")
        .annotate(
            selected_count=_count_of(selected),
            arrivals_today=_count_of(
                CheckIn.objects.filter(
                    date=today, enrolment__status=EnrolmentStatus.SELECTED
                )
            ),
            pending_leave=_count_of(
                LeaveRequest.objects.filter(status=LeaveStatus.PENDING),
                "enrolment__session",
            ),
            open_votes=_count_of(Vote.objects.filter(status=VoteStatus.OPEN)),
            meals_regular=_count_of(meals.filter(meal=Meal.REGULAR)),
            meals_vegetarian=_count_of(meals.filter(meal=Meal.VEGETARIAN)),
            meals_none=_count_of(meals.filter(meal=Meal.NONE)),
        )
        .order_by("start_date", "code", "term")
    )
    week = {"today": [], "week": []}
    for session in sessions:
        settings = getattr(session, "class_day_settings", None)
        session.serves_meals = bool(settings and settings.serves_meals)
        session.meals_unknown = session.selected_count - (
            session.meals_regular + session.meals_vegetarian + session.meals_none
        )
        days = session.class_days()
        session.next_day = next((d for d in days if d >= today), None)
        if today in days:
            week["today"].append(session)
        elif session.next_day is not None and session.next_day <= until:
            week["week"].append(session)
    return week


def early_end_list(*, session):
    """The class days of ``session`` that ended early."""
    return list(EarlyEnd.objects.filter(session=session).order_by("date"))


def todays_classes(*, user) -> list[dict]:
    """The user's classes on a class day today: the session, their seat and
    today's check-in (None before it), for the home page."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    enrolments = [
        e
        for e in Enrolment.objects.filter(
            user=user,
            status=EnrolmentStatus.SELECTED,
            session__start_date__lte=today,
            session__end_date__gte=today,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__course", "session__venue", "seat")
        .prefetch_related("session__timetable")
        if today in e.session.class_days()
    ]
    if not enrolments:
        return []
    checkins = {
        c.enrolment_id: c
        for c in CheckIn.objects.filter(enrolment__in=enrolments, date=today)
    }
    return [
        {
            "session": e.session,
            "seat": getattr(getattr(e, "seat", None), "number", None),
            "checkin": checkins.get(e.pk),
        }
        for e in enrolments
    ]
