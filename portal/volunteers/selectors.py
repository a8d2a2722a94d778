"""What a viewer may see of volunteers: coordinators all, a volunteer their own."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cms.catalog.models import Session, SessionStatus
from portal.accounts.access import VOLUNTEERS, Scope, scope_filter, viewer_scope
from portal.accounts.national_id import hash_id
from portal.accounts.roles import ORGANIZERS
from portal.records.models import TrainingRecord

from .models import (
    ClockRequest,
    RequestStatus,
    Shift,
    ShiftMonth,
    Signup,
    SignupStatus,
    Volunteer,
)


def volunteer_of(user) -> Volunteer | None:
    """The volunteer profile of ``user`` (active or not), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).first()


def volunteer_list(*, viewer):
    return scope_filter(Volunteer.objects.all(), viewer, kind=VOLUNTEERS)


def volunteer_get(*, viewer, pk) -> Volunteer:
    return get_object_or_404(volunteer_list(viewer=viewer), pk=pk)


def signup_list(*, viewer):
    return scope_filter(
        Signup.objects.select_related("shift__duty", "shift__post", "volunteer"),
        viewer,
        kind=VOLUNTEERS,
        user_field="volunteer__user",
    )


def signup_get(*, viewer, pk) -> Signup:
    return get_object_or_404(signup_list(viewer=viewer), pk=pk)


def duty_qualified(*, volunteer: Volunteer, duty) -> bool:
    """Whether the volunteer has completed the duty's required training course."""
    if duty.required_course_id is None:
        return True
    return TrainingRecord.objects.filter(
        user_id=volunteer.user_id,
        completed=True,
        session__course_id=duty.required_course_id,
    ).exists()


def month_open(month: ShiftMonth, *, now=None) -> bool:
    """Whether the month is published and its sign-up window is open."""
    now = now or timezone.now()
    return (
        month.published_at is not None
        and month.signup_opens_at <= now < month.signup_closes_at
    )


def shift_list_open(*, volunteer: Volunteer, now=None):
    """Published shifts still to come, each with its count of confirmed places,
    for a volunteer choosing where to sign up."""
    now = now or timezone.now()
    return (
        Shift.objects.filter(
            month__published_at__isnull=False,
            date__gte=timezone.localdate(now),
            duty__active=True,
        )
        .select_related("duty", "post", "month")
        .annotate(
            confirmed=Count(
                "signups", filter=Q(signups__status=SignupStatus.CONFIRMED)
            ),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        )
        .order_by("date", "starts_at", "pk")
    )


def coverage(*, viewer, start: datetime.date, end: datetime.date):
    """Shifts between two dates with confirmed, waiting and missing places and
    no-shows, for coordinators (nobody else gets any)."""
    shifts = Shift.objects.filter(date__gte=start, date__lte=end)
    if viewer_scope(viewer, kind=VOLUNTEERS).kind != Scope.ALL:
        return shifts.none()
    return (
        shifts.select_related("duty", "post")
        .annotate(
            confirmed=Count(
                "signups", filter=Q(signups__status=SignupStatus.CONFIRMED)
            ),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
            no_shows=Count("signups", filter=Q(signups__status=SignupStatus.NO_SHOW)),
        )
        .annotate(missing=Greatest(F("needed") - F("confirmed"), Value(0)))
        .order_by("date", "starts_at", "pk")
    )


def hours_by_volunteer(*, viewer, start: datetime.date, end: datetime.date):
    """Per volunteer in the viewer's scope: shifts served, minutes, allowances
    and no-shows between two dates."""
    served = Q(signups__shift__date__gte=start, signups__shift__date__lte=end)
    return (
        volunteer_list(viewer=viewer)
        .annotate(
            shifts_served=Count(
                "signups",
                filter=served & Q(signups__clock_out__isnull=False),
            ),
            minutes=Sum("signups__minutes", filter=served, default=0),
            allowances=Count("signups", filter=served & Q(signups__allowance=True)),
            no_shows=Count(
                "signups", filter=served & Q(signups__status=SignupStatus.NO_SHOW)
            ),
        )
        .order_by("name", "pk")
    )


def hours_of(*, volunteer: Volunteer, year: int) -> dict:
    """A volunteer's minutes and allowances per month of ``year``, and totals."""
    rows = (
        Signup.objects.filter(volunteer=volunteer, shift__date__year=year)
        .exclude(clock_out__isnull=True)
        .values_list("shift__date__month", "minutes", "allowance")
    )
    months = {m: {"minutes": 0, "shifts": 0, "allowances": 0} for m in range(1, 13)}
    for month, minutes, allowance in rows:
        months[month]["minutes"] += minutes
        months[month]["shifts"] += 1
        months[month]["allowances"] += allowance
    total = sum(m["minutes"] for m in months.values())
    return {
        "year": year,
        "months": [
            {**value, "month": month, "hours": _hours(value["minutes"])}
            for month, value in months.items()
        ],
        "minutes": total,
        "hours": _hours(total),
        "shifts": sum(m["shifts"] for m in months.values()),
        "allowances": sum(m["allowances"] for m in months.values()),
    }


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def post_arrivals(*, viewer, post, day) -> list[dict]:
    """The confirmed volunteers of a post's shifts on ``day`` and their clock
    times, for the coordinator's post screen."""
    rows = []
    for signup in (
        signup_list(viewer=viewer)
        .filter(shift__post=post, shift__date=day)
        .filter(status__in=(SignupStatus.CONFIRMED, SignupStatus.NO_SHOW))
        .order_by("shift__starts_at", "volunteer__name")
    ):
        rows.append(
            {
                "time": f"{signup.shift.starts_at:%H:%M}–{signup.shift.ends_at:%H:%M}",
                "name": signup.volunteer.name,
                "duty": str(signup.shift.duty),
                "clock_in": _clock(signup.clock_in),
                "clock_out": _clock(signup.clock_out),
                "method": signup.get_clock_in_method_display()
                if signup.clock_in
                else "",
            }
        )
    return rows


def _clock(value) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def clock_request_list(*, viewer, pending_only: bool = True):
    """Late clock-in requests: coordinators all, a volunteer their own."""
    queryset = scope_filter(
        ClockRequest.objects.select_related(
            "signup__volunteer", "signup__shift__duty", "signup__shift__post"
        ),
        viewer,
        kind=VOLUNTEERS,
        user_field="signup__volunteer__user",
    )
    if pending_only:
        queryset = queryset.filter(status=RequestStatus.PENDING)
    return queryset.order_by("created_at", "pk")


def clock_request_get(*, viewer, pk) -> ClockRequest:
    return get_object_or_404(
        clock_request_list(viewer=viewer, pending_only=False), pk=pk
    )


def shifts_missing(*, start, end) -> list:
    """Shifts between two dates with fewer confirmed volunteers than needed."""
    return [
        shift
        for shift in Shift.objects.filter(date__gte=start, date__lte=end)
        .select_related("duty", "post")
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED))
        )
        .order_by("date", "starts_at", "pk")
        if shift.confirmed < shift.needed
    ]


def sessions_without_volunteers(*, start, end) -> list:
    """Classes starting between two dates with no volunteer shift planned."""
    return list(
        Session.objects.filter(start_date__gte=start, start_date__lte=end)
        .exclude(status=SessionStatus.CANCELLED)
        .filter(volunteer_shifts__isnull=True)
        .select_related("course")
        .order_by("start_date", "pk")
    )


def coordinator_emails() -> list[str]:
    """The addresses of the coordinators (the institute's organizers)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=ORGANIZERS)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )


def served_list(*, viewer, start, end):
    """Shifts served (clocked out) between two dates, in the viewer's scope,
    for the national volunteer-service system's hours file."""
    return (
        signup_list(viewer=viewer)
        .filter(shift__date__gte=start, shift__date__lte=end, clock_out__isnull=False)
        .select_related("volunteer", "shift__duty", "shift__post")
        .order_by("shift__date", "shift__starts_at", "volunteer__name", "pk")
    )


def national_id_taken(*, number: str, other_than=None) -> bool:
    """Whether another volunteer holds the national ID ``number``."""
    clash = Volunteer.objects.filter(national_id_hash=hash_id(number))
    if other_than is not None:
        clash = clash.exclude(pk=other_than)
    return clash.exists()


def shift_get(*, viewer, pk) -> Shift:
    """A shift, for coordinators; 404 for anyone else."""
    if viewer_scope(viewer, kind=VOLUNTEERS).kind != Scope.ALL:
        raise Http404
    return get_object_or_404(
        Shift.objects.select_related("duty", "post", "month"), pk=pk
    )


def shift_open_get(*, pk) -> Shift:
    """A published shift still to come (for signing up); 404 otherwise."""
    return get_object_or_404(
        Shift.objects.filter(
            month__published_at__isnull=False, date__gte=timezone.localdate()
        ).only("pk"),
        pk=pk,
    )


def week_start(raw, today: datetime.date) -> datetime.date:
    """The Monday of the week of ``raw`` (an ISO date), this week by default and
    never earlier."""
    this_week = today - datetime.timedelta(days=today.weekday())
    try:
        asked = datetime.date.fromisoformat(raw or "")
    except (TypeError, ValueError):
        return this_week
    return max(this_week, asked - datetime.timedelta(days=asked.weekday()))


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month of ``day``."""
    first = day.replace(day=1)
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def open_shifts_week(*, volunteer: Volunteer, week: datetime.date, now=None) -> list:
    """A week of shifts volunteers sign up for themselves, each with
    ``qualified`` (the duty's training done), ``window_open`` and ``full``."""
    now = now or timezone.now()
    shifts = list(
        shift_list_open(volunteer=volunteer, now=now).filter(
            date__gte=week,
            date__lt=week + datetime.timedelta(days=7),
            duty__self_signup=True,
        )
    )
    qualified = {}
    for shift in shifts:
        if shift.duty_id not in qualified:
            qualified[shift.duty_id] = duty_qualified(
                volunteer=volunteer, duty=shift.duty
            )
        shift.qualified = qualified[shift.duty_id]
        shift.window_open = month_open(shift.month, now=now)
        shift.full = shift.confirmed >= shift.needed
    return shifts
