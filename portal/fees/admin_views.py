"""The organizer's fee screens in the Wagtail admin: the monthly register with
its export and payment, and one statement with its lines and adjustments."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts import access
from portal.common import exports

from . import selectors, services
from .forms import AddLineForm, AdjustForm, MonthForm, PaidForm
from .models import StatementStatus

REGISTER_HEADERS = [
    gettext_lazy("Date"),
    gettext_lazy("Session"),
    gettext_lazy("Course"),
    gettext_lazy("Lecturer"),
    gettext_lazy("Category"),
    gettext_lazy("Fees"),
    gettext_lazy("Travel"),
    gettext_lazy("Supplementary premium"),
    gettext_lazy("Income tax"),
    gettext_lazy("Net payment"),
    gettext_lazy("Bank account"),
    gettext_lazy("Status"),
    gettext_lazy("Paid on"),
]


def _organizer(request):
    if not access.is_organizer(request.user):
        raise PermissionDenied


def _month(request):
    form = MonthForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, *form.cleaned_data["month"]
    today = timezone.localdate()
    return MonthForm(initial={"month": f"{today:%Y-%m}"}), today.year, today.month


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _status(request):
    """The status the register is filtered by, or "" for every status."""
    status = request.GET.get("status", "")
    return status if status in StatementStatus.values else ""


def register(request):
    _organizer(request)
    form, year, month = _month(request)
    status = _status(request)
    statements = selectors.monthly_register(viewer=request.user, year=year, month=month)
    if status:
        statements = statements.filter(status=status)
    return TemplateResponse(
        request,
        "fees/admin/register.html",
        {
            "month_form": form,
            "year": year,
            "month": month,
            "month_value": f"{year:04d}-{month:02d}",
            "statements": statements,
            "batch": selectors.batch_status(
                viewer=request.user, year=year, month=month
            ),
            "sessions": selectors.sessions_to_compute(
                viewer=request.user, year=year, month=month
            ),
            "paid_form": PaidForm(),
            "status": status,
            "statuses": StatementStatus.choices,
            "disputed_count": selectors.disputed_statement_list(
                viewer=request.user
            ).count(),
            "header_title": _("Lecture fee register"),
        },
    )


def disputed(request):
    """Every disputed statement, whatever its month, with the lecturer's comment
    and the line disputed; the organizer opens one to adjust it."""
    _organizer(request)
    return TemplateResponse(
        request,
        "fees/admin/disputed.html",
        {
            "statements": selectors.disputed_statement_list(viewer=request.user),
            "header_title": _("Disputed statements"),
        },
    )


def register_export(request):
    _organizer(request)
    _form, year, month = _month(request)
    statements = selectors.monthly_register(viewer=request.user, year=year, month=month)
    return exports.xlsx_response(
        f"fee-register-{year:04d}-{month:02d}.xlsx",
        _("Fee register"),
        REGISTER_HEADERS,
        selectors.register_rows(statements),
    )


@require_POST
def register_compute(request):
    _organizer(request)
    month_value = request.POST.get("month", "")
    session_ids = {int(x) for x in request.POST.getlist("session") if x.isdigit()}
    month_form = MonthForm({"month": month_value})
    if not month_form.is_valid():
        return redirect("fees_register")
    year, month = month_form.cleaned_data["month"]
    sessions = selectors.sessions_to_compute(
        viewer=request.user, year=year, month=month
    )
    done = 0
    for session in sessions.filter(pk__in=session_ids):
        try:
            done += len(
                services.session_statements_compute(session=session, actor=request.user)
            )
        except ValidationError as error:
            _errors(request, error)
    messages.success(request, _("%(n)s statements computed.") % {"n": done})
    return redirect(reverse("fees_register") + f"?month={year:04d}-{month:02d}")


@require_POST
def register_pay(request):
    _organizer(request)
    form = PaidForm(request.POST)
    month_form = MonthForm({"month": request.POST.get("month", "")})
    if not month_form.is_valid():
        return redirect("fees_register")
    year, month = month_form.cleaned_data["month"]
    if form.is_valid():
        try:
            paid = services.batch_mark_paid(
                year=year,
                month=month,
                actor=request.user,
                paid_on=form.cleaned_data["paid_on"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                _("%(n)s statements marked paid; the lecturers are told by e-mail.")
                % {"n": paid},
            )
    return redirect(reverse("fees_register") + f"?month={year:04d}-{month:02d}")


def statement(request, pk):
    _organizer(request)
    statement = selectors.statement_get(viewer=request.user, pk=pk)
    events, adjustments = selectors.statement_history(statement=statement)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "adjust":
                form = AdjustForm(request.POST)
                line = next(
                    (
                        li
                        for li in statement.lines.all()
                        if str(li.pk) == request.POST.get("line")
                    ),
                    None,
                )
                if line is None or not form.is_valid():
                    raise ValidationError(
                        _("Give a line and an amount."), code="invalid"
                    )
                services.statement_line_adjust(
                    line=line,
                    actor=request.user,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                )
            elif action == "add":
                form = AddLineForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        _("Give a kind and an amount."), code="invalid"
                    )
                services.statement_line_add(
                    statement=statement, actor=request.user, **form.cleaned_data
                )
            elif action == "recompute":
                services.statement_compute(
                    session=statement.session,
                    profile=statement.lecturer,
                    actor=request.user,
                )
            elif action == "paid":
                form = PaidForm(request.POST)
                services.statement_mark_paid(
                    statement=statement,
                    actor=request.user,
                    paid_on=form.cleaned_data["paid_on"] if form.is_valid() else None,
                    base_url=_base_url(request),
                )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect("fees_statement", pk=statement.pk)
    events = list(events)
    disputed = statement.status == StatementStatus.DISPUTED
    dispute = next(
        (e for e in reversed(events) if e.to_status == StatementStatus.DISPUTED), None
    )
    return TemplateResponse(
        request,
        "fees/admin/statement.html",
        {
            "statement": statement,
            "lines": statement.lines.all(),
            "dispute": dispute if disputed else None,
            "events": events,
            "adjustments": adjustments,
            "open": statement.status
            in (StatementStatus.PENDING, StatementStatus.DISPUTED),
            "confirmed": statement.status == StatementStatus.CONFIRMED,
            "add_form": AddLineForm(),
            "paid_form": PaidForm(initial={"paid_on": datetime.date.today()}),
            "header_title": str(statement),
        },
    )
