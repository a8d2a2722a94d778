"""The lecturer's fee pages: statements to confirm, confirm or dispute, payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import access

from . import selectors, services
from .forms import ConfirmForm, DisputeForm
from .models import StatementStatus


def _lecturer_only(request):
    if not access.is_lecturer(request.user):
        raise PermissionDenied


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for one in errors:
                form.add_error(field if field in form.fields else None, one)
    else:
        for one in error.error_list:
            form.add_error(None, one)


@login_required
def my_fees(request):
    _lecturer_only(request)
    statements = list(selectors.my_statement_list(viewer=request.user))
    return TemplateResponse(
        request,
        "fees/my_fees.html",
        {
            "to_confirm": [
                s
                for s in statements
                if s.status in (StatementStatus.PENDING, StatementStatus.DISPUTED)
            ],
            "confirmed": [
                s for s in statements if s.status == StatementStatus.CONFIRMED
            ],
            "payments": list(selectors.my_payment_list(viewer=request.user)),
        },
    )


def _detail(request, statement, *, confirm_form=None, dispute_form=None, status=200):
    lines = list(statement.lines.all())
    return TemplateResponse(
        request,
        "fees/statement_detail.html",
        {
            "statement": statement,
            "lines": lines,
            "pending": statement.status == StatementStatus.PENDING,
            "confirm_form": confirm_form or ConfirmForm(),
            "dispute_form": dispute_form or DisputeForm(lines=lines),
        },
        status=status,
    )


@login_required
def statement_detail(request, pk):
    _lecturer_only(request)
    statement = selectors.my_statement_get(viewer=request.user, pk=pk)
    return _detail(request, statement)


@login_required
@require_POST
def statement_confirm(request, pk):
    _lecturer_only(request)
    statement = selectors.my_statement_get(viewer=request.user, pk=pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.statement_confirm(
                statement=statement,
                user=request.user,
                personal_account=form.cleaned_data["personal_account"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: the statement is confirmed."))
            return redirect("fees:detail", statement.pk)
    return _detail(request, statement, confirm_form=form, status=400)


@login_required
@require_POST
def statement_dispute(request, pk):
    _lecturer_only(request)
    statement = selectors.my_statement_get(viewer=request.user, pk=pk)
    lines = list(statement.lines.all())
    form = DisputeForm(request.POST, lines=lines)
    if form.is_valid():
        line_id = form.cleaned_data["line"]
        try:
            services.statement_dispute(
                statement=statement,
                user=request.user,
                line=next((li for li in lines if li.pk == line_id), None),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The organizer has your comment and will reply.")
            )
            return redirect("fees:detail", statement.pk)
    return _detail(request, statement, dispute_form=form, status=400)
