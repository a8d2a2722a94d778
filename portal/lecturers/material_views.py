"""The lecturer's materials (phone first): hand in files for the sessions they
teach, replace or withdraw them while they await review, read why one was
returned, and download their own files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.core.converters import parse_id
from portal.common.forms import apply_errors

from . import selectors, services
from .forms import MaterialReplaceForm, MaterialUploadForm
from .responses import submission_attachment
from .uploads import upload_rules


def _page(request, *, form=None, status=200):
    context = selectors.my_materials(viewer=request.user)
    rules = upload_rules()
    sessions = selectors.material_session_list(
        viewer=request.user, profile=context["profile"]
    )
    if form is None:
        initial = {}
        wanted = parse_id(request.GET.get("session"))
        if wanted is not None and sessions.filter(pk=wanted).exists():
            initial["session"] = wanted
        form = MaterialUploadForm(sessions=sessions, rules=rules, initial=initial)
    context.update(
        {
            "form": form,
            "rules": rules,
            "days_after": selectors.material_days_after(),
        }
    )
    return TemplateResponse(
        request, "lecturers/my_materials.html", context, status=status
    )


@login_required
def my_materials(request):
    """GET: the sessions and the submissions; POST: hand in a file."""
    if request.method != "POST":
        return _page(request)
    profile = selectors.my_lecturer_profile(viewer=request.user)
    sessions = selectors.material_session_list(viewer=request.user, profile=profile)
    form = MaterialUploadForm(
        request.POST, request.FILES, sessions=sessions, rules=upload_rules()
    )
    if form.is_valid():
        try:
            submission = services.material_submission_create(
                profile=profile, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is handed in; the organizer will review it.")
                % {"title": submission.title},
            )
            return redirect("lecturers:materials")
    return _page(request, form=form, status=400)


@login_required
def material_detail(request, pk):
    """One submission; while it awaits review, replace its file, title or note."""
    submission = selectors.my_material_get(viewer=request.user, pk=pk)
    rules = upload_rules()
    status = 200
    if request.method == "POST" and submission.is_pending:
        form = MaterialReplaceForm(request.POST, request.FILES, rules=rules)
        if form.is_valid():
            try:
                services.material_submission_replace(
                    submission=submission, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("lecturers:material", pk=submission.pk)
        status = 400
    else:
        form = MaterialReplaceForm(
            rules=rules, initial={"title": submission.title, "note": submission.note}
        )
    return TemplateResponse(
        request,
        "lecturers/material_detail.html",
        {"submission": submission, "form": form, "rules": rules},
        status=status,
    )


@login_required
@require_POST
def material_withdraw(request, pk):
    submission = selectors.my_material_get(viewer=request.user, pk=pk)
    try:
        services.material_submission_withdraw(submission=submission, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("“%(title)s” is withdrawn.") % {"title": submission.title}
        )
    return redirect("lecturers:materials")


@login_required
@require_GET
def material_download(request, pk):
    """The file, to its lecturer and to those who review it; 404 for others."""
    submission = selectors.material_download_get(viewer=request.user, pk=pk)
    return submission_attachment(submission)
