"""Staff list imports for HR officers and institute staff: upload, dry run, import.

Thin: ``accounts.imports`` reads and plans, ``accounts.services`` writes.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts import imports, services
from portal.accounts.access import can_see_agency_pages


class StaffListForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Staff list (CSV or Excel)"),
        help_text=gettext_lazy("A .csv or .xlsx file of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                   "officedocument.spreadsheetml.sheet"}
        ),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        imports.check_upload(upload.name, upload.size)
        return upload


def _require_importer(request):
    # 404 rather than 403: the page's existence is nobody else's business.
    if not can_see_agency_pages(request.user):
        raise Http404


@login_required
def import_upload(request):
    _require_importer(request)
    form = StaffListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                uploaded_by=request.user, filename=upload.name, content=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("portal:import_review", batch_id=batch.pk)
    return TemplateResponse(
        request,
        "portal/import_upload.html",
        {
            "form": form,
            "columns": [
                (imports.COLUMN_HEADERS[c], imports.COLUMN_LABELS[c],
                 c in imports.REQUIRED)
                for c in (*imports.REQUIRED, *imports.OPTIONAL)
            ],
            "batches": imports.import_batch_list(viewer=request.user)[:10],
        },
    )  # fmt: skip


@login_required
def import_review(request, batch_id):
    _require_importer(request)
    batch = imports.import_batch_get(viewer=request.user, pk=batch_id)
    if request.method == "POST":
        try:
            counts = services.import_batch_apply(viewer=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages[:20]))
            return redirect("portal:import_review", batch_id=batch.pk)
        messages.success(
            request,
            _(
                "Import complete: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % counts,
        )
        return redirect("portal:import_upload")
    plan, file_errors = None, []
    if batch.applied_at is None:
        try:
            plan = imports.plan_sealed(viewer=request.user, rows=batch.rows)
        except ValidationError as error:
            file_errors = error.messages
    return TemplateResponse(
        request,
        "portal/import_review.html",
        {
            "batch": batch,
            "plan": plan,
            "counts": plan.counts() if plan else None,
            "file_errors": file_errors,
        },
    )
