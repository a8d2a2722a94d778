"""上傳檔: study-hour uploads to the national portals, for HR offices and the
institute's staff. Preview, create a batch, download its files (logged), import
the portal's result and see each row's status.

Thin: services and selectors decide; these views parse input, call them and render.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.decorators import agency_pages_required

from . import profiles, selectors, services
from .forms import BatchForm, ResultForm
from .models import RowStatus


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@agency_pages_required
def batch_index(request):
    """Choose a portal, year and sessions; preview; create the batch. Below, the
    batches made so far."""
    data = request.POST if request.method == "POST" else request.GET
    form = BatchForm(data if "profile" in data else None, viewer=request.user)
    preview = None
    if form.is_bound and form.is_valid():
        arguments = form.arguments()
        if request.method == "POST":
            try:
                batch = services.upload_batch_create(viewer=request.user, **arguments)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(
                    request,
                    _("Upload %(batch)s is ready: download its file.")
                    % {"batch": f"#{batch.pk}"},
                )
                return redirect("hour_uploads:detail", pk=batch.pk)
        preview = selectors.upload_preview(
            viewer=request.user,
            profile=profiles.get(arguments["profile_key"]),
            year=arguments["year"],
            session_ids=arguments["session_ids"],
            reupload=arguments["reupload"],
        )
    page_obj = Paginator(selectors.batch_list(viewer=request.user), 20).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "hour_uploads/index.html",
        {"form": form, "preview": preview, "page_obj": page_obj},
    )


@agency_pages_required
def batch_detail(request, pk):
    """A batch: its facts, the records left out, its rows with their status, and
    the form for the portal's result file."""
    batch = selectors.batch_get(viewer=request.user, pk=pk)
    form = ResultForm()
    report = None
    if request.method == "POST":
        form = ResultForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.upload_result_import(
                    viewer=request.user, batch=batch, filename=upload.name,
                    content=upload.read(services.RESULT_MAX_BYTES + 1),
                )  # fmt: skip
            except ValidationError as error:
                form.add_error("file", error)
            else:
                batch = selectors.batch_get(viewer=request.user, pk=pk)
                form = ResultForm()
    status = request.GET.get("status")
    if status not in RowStatus.values:
        status = None
    rows = selectors.batch_rows(batch=batch, status=status)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "hour_uploads/detail.html",
        {
            "batch": batch,
            "profile": profiles.get(batch.profile),
            "form": form,
            "report": report,
            "page_obj": page_obj,
            "status": status,
            "statuses": RowStatus.choices,
        },
    )


@agency_pages_required
@require_POST
def batch_download(request, pk):
    """The batch's file (or a zip of its files), written now with the ID numbers:
    a POST, so that no link prefetch discloses them; each download is logged."""
    batch = selectors.batch_get(viewer=request.user, pk=pk)
    try:
        name, content_type, data = services.upload_batch_download(
            viewer=request.user, batch=batch
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return redirect("hour_uploads:detail", pk=batch.pk)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
