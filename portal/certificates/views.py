"""The trainee's certificates (phone first) and the public verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import codes, responses, selectors, services
from .forms import RequestForm, VerifyForm


@never_cache
@login_required
def my_certificates(request):
    certificates = list(selectors.my_certificate_list(viewer=request.user))
    for certificate in certificates:
        certificate.verify_path = responses.verification_path(certificate)
    return TemplateResponse(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": certificates,
            "offers": selectors.my_offers(viewer=request.user),
        },
    )


@login_required
@require_POST
def request_certificate(request):
    """Issue on demand: one of the trainee's own completed trainings, in a
    language they have no certificate in yet."""
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a training and a language."))
        return redirect("certificates:mine")
    record = selectors.my_record_get(
        viewer=request.user, pk=form.cleaned_data["record"]
    )
    try:
        certificate = services.certificate_issue(
            record=record,
            language=form.cleaned_data["language"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Certificate %(number)s is ready to download.")
            % {"number": certificate.number},
        )
    return redirect("certificates:mine")


@never_cache
@login_required
def certificate_pdf(request, pk):
    certificate = selectors.my_certificate_get(viewer=request.user, pk=pk)
    return responses.certificate_pdf(certificate)


def _private(response):
    # The code in the address is the key to the page: not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def verify(request, code):
    """Public: what a genuine code's certificate says, and whether it holds."""
    certificate = selectors.certificate_verify(code=code)
    return _private(
        TemplateResponse(
            request,
            "certificates/verify.html",
            {
                "certificate": certificate,
                "status": certificate.status if certificate else None,
            },
            status=200 if certificate is not None else 404,
        )
    )


@never_cache
def verify_form(request):
    """Type the code printed on a certificate (a number alone is not enough)."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if codes.CODE.fullmatch(code):
            return redirect("certificates:verify", code=code)
        form.add_error(
            "code",
            _(
                "This is not a verification code: type all of it as printed "
                "beside the QR code, number included."
            ),
        )
    return _private(
        TemplateResponse(
            request,
            "certificates/verify_form.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )
