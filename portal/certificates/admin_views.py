"""Certificates in the Wagtail admin, for organizers: the sessions over with
their certificates, one session's completed trainees with the button that
issues their certificates, and one certificate to download or revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.core.converters import parse_id
from portal.accounts.names import display_name
from portal.common.forms import apply_errors

from . import responses, selectors, services
from .forms import IssueForm, RevokeForm
from .models import Language

MAX_REFUSALS_SHOWN = 20


def _manager(request):
    if not selectors.can_manage_certificates(request.user):
        raise PermissionDenied


def index(request):
    _manager(request)
    query = request.GET.get("q", "")[:100]
    return TemplateResponse(
        request,
        "certificates/admin/index.html",
        {
            "sessions": selectors.ended_session_list(viewer=request.user, query=query)[
                :200
            ],
            "query": query,
            "header_title": _("Certificates"),
            "page_title": _("Certificates"),
        },
    )


def _issue_session(request, session, form):
    if not form.is_valid():
        messages.error(request, _("Choose the language of the certificates."))
        return
    summary = services.certificate_issue_session(
        session=session, actor=request.user, language=form.cleaned_data["language"]
    )
    messages.success(
        request,
        _(
            "Certificates issued: %(issued)s. Already had one: %(already)s. "
            "Not issued: %(refused)s."
        )
        % {
            "issued": len(summary.issued),
            "already": summary.already,
            "refused": len(summary.refused),
        },
    )
    for record, reason in summary.refused[:MAX_REFUSALS_SHOWN]:
        messages.warning(request, f"{display_name(record.user)}: {reason}")


def _issue_one(request, session):
    language = request.POST.get("language", "")
    record_id = parse_id(request.POST.get("record"))
    if record_id is None or language not in Language.values:
        messages.error(request, _("Choose a trainee and a language."))
        return
    record = selectors.session_record_get(
        viewer=request.user, session=session, pk=record_id
    )
    try:
        certificate = services.certificate_issue(
            record=record, language=language, actor=request.user
        )
    except ValidationError as error:
        messages.error(
            request, f"{display_name(record.user)}: {' '.join(error.messages)}"
        )
    else:
        messages.success(
            request,
            _("Certificate %(number)s of %(name)s.")
            % {"number": certificate.number, "name": display_name(record.user)},
        )


def session_screen(request, session_id):
    """The session's completed trainees and their certificates; POST issues."""
    _manager(request)
    session = selectors.session_get(viewer=request.user, pk=session_id)
    if request.method == "POST":
        if request.POST.get("record"):
            _issue_one(request, session)
        else:
            _issue_session(request, session, IssueForm(request.POST))
        return redirect("certificates_admin_session", session_id=session.pk)
    rows = selectors.session_rows(viewer=request.user, session=session)
    return TemplateResponse(
        request,
        "certificates/admin/session.html",
        {
            "session": session,
            "rows": rows,
            "issue_form": IssueForm(),
            "languages": Language.choices,
            "header_title": _("Certificates of %(code)s") % {"code": session.code},
            "page_title": _("Certificates of %(code)s") % {"code": session.code},
        },
    )


def _detail(request, certificate, revoke_form=None, status=200):
    return TemplateResponse(
        request,
        "certificates/admin/detail.html",
        {
            "certificate": certificate,
            "revoke_form": revoke_form or RevokeForm(),
            "verify_path": responses.verification_path(certificate),
            "header_title": certificate.number,
            "page_title": certificate.number,
        },
        status=status,
    )


def detail(request, pk):
    _manager(request)
    return _detail(request, selectors.certificate_get(viewer=request.user, pk=pk))


@require_POST
def revoke(request, pk):
    _manager(request)
    certificate = selectors.certificate_get(viewer=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The certificate is revoked. Its page says so from now on.")
            )
            return redirect("certificates_admin_detail", pk=certificate.pk)
    return _detail(request, certificate, revoke_form=form, status=400)


def pdf(request, pk):
    _manager(request)
    certificate = selectors.certificate_get(viewer=request.user, pk=pk)
    return responses.certificate_pdf(certificate)
