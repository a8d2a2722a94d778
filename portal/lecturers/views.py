"""The lecturer's site (phone first): my teaching, my profile with the bank
account, and the invitation link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.core.models import InstituteSettings
from portal.authorizations import selectors as authorization_selectors
from portal.common.forms import apply_errors

from . import selectors, services
from .forms import AccountCreateForm, BankAccountForm, ProfileForm


@login_required
def my_teaching(request):
    context = selectors.my_teaching(viewer=request.user)
    # Years of past teaching would make a phone scroll for minutes: a page at a time.
    context["page_obj"] = Paginator(context["past"], 20).get_page(
        request.GET.get("page")
    )
    context["institute"] = InstituteSettings.for_request(request)
    context["authorizations_waiting"] = authorization_selectors.waiting_count(
        viewer=request.user
    )
    return TemplateResponse(request, "lecturers/my_teaching.html", context)


def _profile_context(request, profile, *, form=None, bank_form=None):
    return {
        "profile": profile,
        "form": form
        or ProfileForm(
            initial={
                "phone": profile.phone,
                "email": profile.email,
                "education": profile.education,
                "experience": profile.experience,
                "expertise": ", ".join(t.name for t in profile.expertise.all()),
            }
        ),
        "bank_form": bank_form or BankAccountForm(),
    }


@login_required
def my_profile(request):
    profile = selectors.my_lecturer_profile(viewer=request.user)
    form = None
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            expertise = data.pop("expertise")
            try:
                services.lecturer_profile_update(
                    profile=profile, user=request.user, data=data, expertise=expertise
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("lecturers:profile")
    return TemplateResponse(
        request,
        "lecturers/my_profile.html",
        _profile_context(request, profile, form=form),
    )


@login_required
@require_POST
def bank_account_change(request):
    profile = selectors.my_lecturer_profile(viewer=request.user)
    form = BankAccountForm(request.POST)
    if form.is_valid():
        try:
            services.lecturer_bank_account_change(
                profile=profile, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Your bank account is changed. We have sent you an e-mail notice."),
            )
            return redirect("lecturers:profile")
    return TemplateResponse(
        request,
        "lecturers/my_profile.html",
        _profile_context(request, profile, bank_form=form),
        status=400,
    )


def invitation(request, token):
    """GET: the invitation; POST ``accept`` (signed in) links the account,
    POST ``create`` (not signed in) creates one with a password."""
    try:
        profile = services.invitation_profile(token=token)
    except ValidationError as error:
        return TemplateResponse(
            request,
            "lecturers/invitation_refused.html",
            {"reason": error.messages[0], "code": error.code},
            status=410
            if error.code in ("invitation_expired", "invitation_used")
            else 403,
        )
    create_form = None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.lecturer_invitation_accept(token=token, user=request.user)
            else:
                create_form = AccountCreateForm(request.POST)
                if not create_form.is_valid():
                    raise ValidationError("", code="form_invalid")
                profile = services.lecturer_account_create(
                    token=token,
                    username=create_form.cleaned_data["username"],
                    password=create_form.cleaned_data["password"],
                )
                login(
                    request,
                    profile.user,
                    backend=settings.AUTHENTICATION_BACKENDS[0],
                )
        except ValidationError as error:
            if create_form is not None:
                if error.code != "form_invalid":
                    apply_errors(create_form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome. Your lecturer account is ready."))
            return redirect("lecturers:teaching")
    return TemplateResponse(
        request,
        "lecturers/invitation.html",
        {
            "profile": profile,
            "create_form": create_form or AccountCreateForm(),
            "login_url": reverse("accounts:login") + "?next=" + request.path,
        },
        status=400 if create_form is not None else 200,
    )
