"""The organizer's review of lecturer material in the Wagtail admin: the
submissions of the sessions they run, filtered by status, each with its file,
and the actions accept (it becomes a handout) and return (with a comment)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.common.forms import apply_errors

from . import selectors, services
from .forms import MaterialAcceptForm, MaterialReturnForm
from .models import SubmissionStatus
from .responses import submission_attachment

ALL = "all"


def _reviewer(request):
    if not selectors.may_review_materials(request.user):
        raise PermissionDenied


def review_index(request):
    _reviewer(request)
    status = request.GET.get("status", SubmissionStatus.SUBMITTED)
    if status != ALL and status not in SubmissionStatus.values:
        status = SubmissionStatus.SUBMITTED
    query = request.GET.get("q", "")
    submissions = selectors.material_review_list(
        viewer=request.user,
        status=None if status == ALL else status,
        query=query,
    )
    page = Paginator(submissions, 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "lecturers/admin/materials_index.html",
        {
            "page_obj": page,
            "status": status,
            "query": query,
            "statuses": [(ALL, _("All")), *SubmissionStatus.choices],
            "header_title": _("Lecturer materials"),
            "page_title": _("Lecturer materials"),
        },
    )


def review_detail(request, pk):
    _reviewer(request)
    submission = selectors.material_review_get(viewer=request.user, pk=pk)
    accept_form = MaterialAcceptForm(initial={"title": submission.title})
    return_form = MaterialReturnForm()
    status = 200
    if request.method == "POST" and request.POST.get("action") in ("accept", "return"):
        action = request.POST["action"]
        try:
            if action == "accept":
                accept_form = MaterialAcceptForm(request.POST)
                if not accept_form.is_valid():
                    raise ValidationError("", code="form_invalid")
                services.material_submission_accept(
                    submission=submission,
                    reviewer=request.user,
                    visibility=accept_form.cleaned_data["visibility"],
                    title=accept_form.cleaned_data["title"],
                )
                done = _("Accepted: “%(title)s” is now a handout of the session.")
            else:
                return_form = MaterialReturnForm(request.POST)
                if not return_form.is_valid():
                    raise ValidationError("", code="form_invalid")
                services.material_submission_return(
                    submission=submission,
                    reviewer=request.user,
                    comment=return_form.cleaned_data["comment"],
                )
                done = _("Returned to the lecturer with your comment: “%(title)s”.")
        except ValidationError as error:
            if getattr(error, "code", None) != "form_invalid":
                form = accept_form if action == "accept" else return_form
                apply_errors(form, error)
            status = 400
            submission = selectors.material_review_get(viewer=request.user, pk=pk)
        else:
            messages.success(request, done % {"title": submission.title})
            return redirect("lecturer_material", pk=submission.pk)
    return TemplateResponse(
        request,
        "lecturers/admin/material_review.html",
        {
            "submission": submission,
            "accept_form": accept_form,
            "return_form": return_form,
            "header_title": submission.title,
            "page_title": submission.title,
            "index_url": reverse("lecturer_materials"),
        },
        status=status,
    )


@require_GET
def review_download(request, pk):
    _reviewer(request)
    submission = selectors.material_review_get(viewer=request.user, pk=pk)
    return submission_attachment(submission)
