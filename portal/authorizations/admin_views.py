"""The authorization register (授權清冊) in the Wagtail admin: the list with its
export, and one authorization to prepare, send, record on paper or withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts import access
from portal.common import exports
from portal.common.forms import apply_errors

from . import responses, sealing, selectors, services, wording
from .forms import AuthorizationForm, PaperForm, RegisterFilterForm, WithdrawalForm

REGISTER_HEADERS = [
    gettext_lazy("Reference"),
    gettext_lazy("Lecturer"),
    gettext_lazy("Course"),
    gettext_lazy("Session"),
    gettext_lazy("Materials"),
    gettext_lazy("Allows"),
    gettext_lazy("Valid from"),
    gettext_lazy("Valid until"),
    gettext_lazy("Conditions"),
    gettext_lazy("Status"),
    gettext_lazy("Signed"),
    gettext_lazy("Signed by"),
    gettext_lazy("Withdrawn"),
    gettext_lazy("Reason for withdrawal"),
    gettext_lazy("SHA-256 of the text signed"),
]


def _staff(request):
    if not access.is_institute_staff(request.user):
        raise PermissionDenied


def _organizer(request):
    if not access.is_organizer(request.user):
        raise PermissionDenied


def _filtered(request):
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.authorization_list(
        viewer=request.user,
        status=filters.get("status", ""),
        scope=filters.get("scope", ""),
        query=filters.get("q", ""),
    )


def register(request):
    _staff(request)
    form, authorizations = _filtered(request)
    return TemplateResponse(
        request,
        "authorizations/admin/register.html",
        {
            "filter_form": form,
            "authorizations": authorizations[:500],
            "count": authorizations.count(),
            "query_string": request.GET.urlencode(),
            "can_prepare": access.is_organizer(request.user),
            "header_title": _("Authorization register"),
            "page_title": _("Authorization register"),
        },
    )


def register_export(request):
    _staff(request)
    _form, authorizations = _filtered(request)
    return exports.xlsx_response(
        "authorization-register.xlsx",
        _("Authorization register"),
        REGISTER_HEADERS,
        selectors.register_rows(authorizations),
    )


def _context(request, authorization, form=None, paper_form=None, withdrawal_form=None):
    title = (
        authorization.reference
        if authorization and authorization.pk
        else _("New authorization")
    )
    context = {
        "authorization": authorization,
        "form": form,
        "paper_form": paper_form or PaperForm(),
        "withdrawal_form": withdrawal_form or WithdrawalForm(),
        "can_prepare": access.is_organizer(request.user),
        "header_title": title,
        "page_title": title,
    }
    if authorization is not None and authorization.pk:
        context["scope_lines"] = wording.scope_lines(authorization)
        context["period"] = wording.period_text(authorization)
    return context


def create(request):
    _organizer(request)
    form = AuthorizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authorization = services.authorization_save(
                actor=request.user,
                authorization=form.save(commit=False),
                materials=form.cleaned_data["materials"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The authorization is prepared."))
            return redirect("authorizations_admin_detail", pk=authorization.pk)
    return TemplateResponse(
        request,
        "authorizations/admin/detail.html",
        _context(request, None, form=form),
        status=400 if form.errors else 200,
    )


def detail(request, pk):
    _staff(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    form = None
    if authorization.editable and access.is_organizer(request.user):
        form = AuthorizationForm(request.POST or None, instance=authorization)
        if request.method == "POST" and form.is_valid():
            try:
                services.authorization_save(
                    actor=request.user,
                    authorization=form.save(commit=False),
                    materials=form.cleaned_data["materials"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The authorization is saved."))
                return redirect("authorizations_admin_detail", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return TemplateResponse(
        request,
        "authorizations/admin/detail.html",
        _context(request, authorization, form=form),
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def send(request, pk):
    _organizer(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    try:
        services.authorization_send(
            authorization=authorization,
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The signing link is on its way to the lecturer by e-mail.")
        )
    return redirect("authorizations_admin_detail", pk=pk)


@require_POST
def record_paper(request, pk):
    _organizer(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    form = PaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.authorization_record_paper(
                authorization=authorization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The paper authorization is in the register."))
            return redirect("authorizations_admin_detail", pk=pk)
    return TemplateResponse(
        request,
        "authorizations/admin/detail.html",
        _context(request, authorization, paper_form=form),
        status=400,
    )


@require_POST
def withdraw(request, pk):
    _organizer(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            services.authorization_withdraw(
                authorization=authorization,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The withdrawal is recorded."))
            return redirect("authorizations_admin_detail", pk=pk)
    return TemplateResponse(
        request,
        "authorizations/admin/detail.html",
        _context(request, authorization, withdrawal_form=form),
        status=400,
    )


def document(request, pk):
    _staff(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    return responses.sealed_pdf(authorization)


def verify(request, pk):
    """Check the sealed PDF as it is stored now (intact, by our seal)."""
    _staff(request)
    authorization = selectors.authorization_get(viewer=request.user, pk=pk)
    if not authorization.document:
        raise Http404
    with authorization.document.open("rb") as handle:
        status = sealing.seal_status(handle.read())
    if status.sealed and status.intact and status.valid and status.trusted:
        messages.success(request, _("The seal is intact and valid."))
    else:
        messages.error(
            request,
            _("The seal does not validate: %(summary)s") % {"summary": status.summary},
        )
    return redirect(reverse("authorizations_admin_detail", args=[pk]))
