"""Reads of fee statements, scoped by ``access.FEES``: organizers see every
statement, a lecturer their own, anybody else none."""

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from portal.accounts import access

from .models import (
    FeeEvent,
    FeeLine,
    FeeRate,
    FeeSettings,
    FeeStatement,
    StatementStatus,
)


def statement_list(*, viewer, status: str | None = None):
    queryset = FeeStatement.objects.select_related(
        "lecturer__lecturer", "session__course"
    ).prefetch_related(
        Prefetch(
            "lines", queryset=FeeLine.objects.order_by("kind", "date", "key", "pk")
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    return access.scope_filter(
        queryset, viewer, kind=access.FEES, user_field="lecturer__user"
    )


def statement_get(*, viewer, pk: int) -> FeeStatement:
    """One statement in the viewer's scope, or 404."""
    return get_object_or_404(statement_list(viewer=viewer), pk=pk)


def payment_list(*, viewer):
    """Paid statements in the viewer's scope, latest first."""
    return statement_list(viewer=viewer, status=StatementStatus.PAID).order_by(
        "-paid_on", "-pk"
    )


def my_statement_list(*, viewer, status: str | None = None):
    """The viewer's own statements as a lecturer; a staff scope does not widen
    what the lecturer's pages and API show."""
    return statement_list(viewer=viewer, status=status).filter(lecturer__user=viewer)


def my_statement_get(*, viewer, pk: int) -> FeeStatement:
    """One of the viewer's own statements, or 404."""
    return get_object_or_404(my_statement_list(viewer=viewer), pk=pk)


def my_payment_list(*, viewer):
    """The viewer's own paid statements, latest first."""
    return payment_list(viewer=viewer).filter(lecturer__user=viewer)


def statement_history(*, statement):
    """The steps and the adjustments of a statement the viewer was given."""
    return (
        statement.events.select_related("actor", "line"),
        statement.adjustments.select_related("actor"),
    )


def disputed_statement_list(*, viewer):
    """Disputed statements in the viewer's scope, oldest first, each with
    ``disputes``: the lecturer's dispute steps (comment and line), latest first."""
    disputes = (
        FeeEvent.objects.filter(to_status=StatementStatus.DISPUTED)
        .select_related("line", "actor__person")
        .order_by("-at", "-pk")
    )
    return (
        statement_list(viewer=viewer, status=StatementStatus.DISPUTED)
        .prefetch_related(Prefetch("events", queryset=disputes, to_attr="disputes"))
        .order_by("date", "pk")
    )


def monthly_register(*, viewer, year: int, month: int):
    """Every statement dated in the month, for the register (請款清冊)."""
    return (
        access.scope_filter(
            FeeStatement.objects.filter(date__year=year, date__month=month),
            viewer,
            kind=access.FEES,
            user_field="lecturer__user",
        )
        .select_related("lecturer__lecturer", "session__course")
        .order_by("date", "session__code", "lecturer__lecturer__name", "pk")
    )


def batch_status(*, viewer, year: int, month: int) -> dict:
    """Counts and totals of a month; complete when every statement is confirmed
    (or already paid)."""
    totals = monthly_register(viewer=viewer, year=year, month=month).aggregate(
        count=Count("pk"),
        open=Count(
            "pk",
            filter=Q(status__in=[StatementStatus.PENDING, StatementStatus.DISPUTED]),
        ),
        disputed=Count("pk", filter=Q(status=StatementStatus.DISPUTED)),
        paid=Count("pk", filter=Q(status=StatementStatus.PAID)),
        gross=Sum("taxable_total"),
        travel=Sum("travel_total"),
        premium=Sum("premium"),
        tax=Sum("tax"),
        net=Sum("net_total"),
    )
    totals = {k: v or 0 for k, v in totals.items()}
    totals["complete"] = totals["count"] > 0 and totals["open"] == 0
    return totals


def rate_list():
    """Every fee rate, public figures."""
    return FeeRate.objects.order_by("category", "-effective_from")


def settings_list():
    return FeeSettings.objects.order_by("-effective_from")


def sessions_to_compute(*, viewer, year: int, month: int):
    """Sessions with periods in the month taught by lecturers with a profile,
    for organizers only."""
    from cms.catalog.models import Session

    if not access.is_organizer(viewer):
        return Session.objects.none()
    return (
        Session.objects.filter(
            timetable__date__year=year,
            timetable__date__month=month,
            timetable__lecturer__profile__isnull=False,
        )
        .select_related("course")
        .distinct()
        .order_by("start_date", "code")
    )


def register_rows(statements) -> list[list]:
    """The register's cells of statements already scoped."""
    return [
        [
            s.date,
            s.session.code,
            s.session.course.title,
            s.lecturer.lecturer.name,
            s.get_category_display(),
            s.taxable_total,
            s.travel_total,
            s.premium,
            s.tax,
            s.net_total,
            s.confirmed_account,
            s.get_status_display(),
            s.paid_on or "",
        ]
        for s in statements
    ]
