"""The licensing faces of the site: the application page, my licenses, downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.core.net import client_ip
from cms.handouts.responses import attachment
from portal.accounts import access
from portal.common.forms import apply_errors

from . import selectors, services
from .forms import ApplicationForm
from .tokens import LinkRefused


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def application_page(request, page):
    """GET: the catalogue of licensable materials and, for licensees, the form.
    POST: submit; on an error the form comes back with what was typed."""
    licensee = access.is_licensee(request.user)
    form = None
    if licensee:
        form = ApplicationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_submit(
                    applicant=request.user,
                    materials=data["materials"],
                    purpose=data["purpose"],
                    audience=data["audience"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    users_count=data["users_count"],
                    terms_accepted=data["terms_accepted"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Application %(reference)s is submitted. We have sent you "
                        "an e-mail and will tell you at each step."
                    )
                    % {"reference": application.reference},
                )
                return redirect("licensing:detail", application.reference)
    context = page.get_context(request)
    context.update(
        {
            "materials": selectors.licensable_material_list(),
            "form": form,
            "licensee": licensee,
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


@login_required
def license_list(request):
    applications = selectors.application_list(viewer=request.user)
    if (
        access.viewer_scope(request.user, kind=access.LICENSING).kind
        == access.Scope.NONE
    ):
        raise PermissionDenied
    return TemplateResponse(
        request, "licensing/license_list.html", {"applications": applications}
    )


@login_required
def license_detail(request, reference):
    application = selectors.application_get(viewer=request.user, reference=reference)
    links = [
        (material, reverse("licensing:download", args=[token]))
        for material, token in selectors.download_tokens(
            application=application, viewer=request.user
        )
    ]
    return TemplateResponse(
        request,
        "licensing/license_detail.html",
        {
            "application": application,
            "download_links": links,
            "events": selectors.license_event_list(application=application),
        },
    )


@login_required
def license_download(request, token):
    try:
        handout = services.license_download(
            token=token, user=request.user, ip_address=client_ip(request)
        )
    except LinkRefused as refused:
        return TemplateResponse(
            request,
            "licensing/link_refused.html",
            {"message": refused.message, "code": refused.code},
            status=refused.status,
        )
    return attachment(handout)
