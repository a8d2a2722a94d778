"""The lecturer's authorizations (phone first): the list, one authorization to
read and sign (or decline), its sealed PDF, withdrawal, and the e-mailed link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.core.net import client_ip
from portal.accounts import access
from portal.common.forms import apply_errors

from . import responses, selectors, services, wording
from .forms import ReasonForm, SignForm
from .models import Status
from .tokens import LinkRefused


@login_required
def my_authorizations(request):
    if not access.is_lecturer(request.user):
        raise Http404
    authorizations = selectors.my_authorization_list(viewer=request.user)
    return TemplateResponse(
        request,
        "authorizations/my_authorizations.html",
        {
            "waiting": [a for a in authorizations if a.status == Status.PENDING],
            "others": [a for a in authorizations if a.status != Status.PENDING],
        },
    )


def _detail(request, authorization, *, sign_form=None, reason_form=None, status=200):
    text = wording.consent_text(authorization, institute=services.institute_name())
    digest = wording.text_sha256(text)
    return TemplateResponse(
        request,
        "authorizations/detail.html",
        {
            "authorization": authorization,
            "scope_lines": wording.scope_lines(authorization),
            "period": wording.period_text(authorization),
            "session_text": wording.session_text(authorization),
            "materials": wording.material_titles(authorization),
            "consent_lines": text.splitlines(),
            "text_sha256": digest,
            "sign_form": sign_form
            or SignForm(
                initial={
                    "text_sha256": digest,
                    "signer_name": authorization.lecturer.name,
                }
            ),
            "reason_form": reason_form or ReasonForm(),
        },
        status=status,
    )


@never_cache
@login_required
def authorization_detail(request, pk):
    authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
    return _detail(request, authorization)


@never_cache
@login_required
@require_POST
def authorization_sign(request, pk):
    authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
    form = SignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.authorization_sign(
                authorization=authorization,
                user=request.user,
                signer_name=data["signer_name"],
                consent=data["consent"],
                text_sha256=data["text_sha256"],
                signature_png=data["signature"],
                typed_signature=data["typed_signature"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The authorization is signed; the sealed PDF is "
                    "below and a copy of the details is on its way by e-mail."
                ),
            )
            return redirect("authorizations:detail", pk=authorization.pk)
    authorization.refresh_from_db()
    # The text may have changed under the lecturer: show the new one and its hash.
    form.data = form.data.copy()
    form.data["text_sha256"] = wording.text_sha256(
        wording.consent_text(authorization, institute=services.institute_name())
    )
    return _detail(request, authorization, sign_form=form, status=400)


@login_required
@require_POST
def authorization_decline(request, pk):
    authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.authorization_decline(
                authorization=authorization,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("You declined. The organizer is told."))
            return redirect("authorizations:detail", pk=authorization.pk)
    return _detail(request, authorization, reason_form=form, status=400)


@login_required
@require_POST
def authorization_withdraw(request, pk):
    authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
    form = ReasonForm(request.POST)
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
            messages.success(
                request,
                _(
                    "The authorization is withdrawn. From now on these materials "
                    "are not shown to trainees, recorded or licensed."
                ),
            )
            return redirect("authorizations:detail", pk=authorization.pk)
    return _detail(request, authorization, reason_form=form, status=400)


@never_cache
@login_required
def authorization_document(request, pk):
    authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
    return responses.sealed_pdf(authorization)


@never_cache
@login_required
def sign_link(request, token):
    """The e-mailed link: only for the lecturer it was sent to, while it lasts."""
    try:
        authorization = services.authorization_from_link(token=token, user=request.user)
    except LinkRefused as refused:
        return TemplateResponse(
            request,
            "authorizations/link_refused.html",
            {"message": refused.message, "code": refused.code},
            status=refused.status,
        )
    return redirect("authorizations:detail", pk=authorization.pk)
