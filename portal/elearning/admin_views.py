"""E-learning completions in the Wagtail admin, for organizers: the import runs
with a file's upload, its dry run and its application, and a session's
trainees who have not finished the online part (with its spreadsheet)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal.accounts.access import is_organizer
from portal.accounts.names import display_name
from portal.common.exports import xlsx_response

from . import selectors, services
from .completions import COLUMN_HEADERS, COLUMN_LABELS, COLUMNS, REQUIRED, Completion
from .forms import CompletionFileForm
from .models import ImportStatus


def _organizer(request):
    if not is_organizer(request.user):
        raise PermissionDenied


def index(request):
    """The runs (files and pulls), newest first, and a file's upload."""
    _organizer(request)
    form = CompletionFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.csv_import(
                actor=request.user, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            for message in error.messages[:50]:
                form.add_error("file", message)
        else:
            return redirect("elearning_import", pk=batch.pk)
    return TemplateResponse(
        request,
        "elearning/admin/index.html",
        {
            "form": form,
            "imports": selectors.completion_import_list(viewer=request.user)[:50],
            "columns": [
                (COLUMN_HEADERS[c], COLUMN_LABELS[c], c in REQUIRED) for c in COLUMNS
            ],
            "header_title": _("E-learning completions"),
            "page_title": _("E-learning completions"),
        },
    )


def detail(request, pk):
    """One run: its dry run (POST: apply it) or what it recorded."""
    _organizer(request)
    batch = selectors.completion_import_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        try:
            batch = services.completion_import_apply(batch=batch, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Recorded: %(recorded)s. Already recorded: %(unchanged)s. Not "
                    "matched: %(skipped)s."
                )
                % {
                    "recorded": batch.recorded,
                    "unchanged": batch.unchanged,
                    "skipped": batch.skipped,
                },
            )
        return redirect("elearning_import", pk=batch.pk)
    plan = None
    if batch.status == ImportStatus.PLANNED:
        plan = selectors.completion_plan(
            completions=[Completion.from_json(row) for row in batch.rows]
        )
    return TemplateResponse(
        request,
        "elearning/admin/detail.html",
        {
            "batch": batch,
            "plan": plan,
            "counts": plan.counts() if plan else None,
            "header_title": _("E-learning completions"),
            "page_title": str(batch),
        },
    )


def unfinished(request, session_id):
    """Who has not finished a session's online part; ``?format=xlsx``: as Excel."""
    _organizer(request)
    session = selectors.online_part_session_get(
        viewer=request.user, session_id=session_id
    )
    rows = list(selectors.online_unfinished_list(viewer=request.user, session=session))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"online-unfinished-{session.code}-{session.term}.xlsx",
            _("Online part not finished"),
            [_("Name"), _("Agency"), _("Employee number"), _("E-mail")],
            [
                [
                    display_name(e.user),
                    e.agency.name if e.agency else "",
                    getattr(getattr(e.user, "person", None), "employee_number", ""),
                    getattr(getattr(e.user, "person", None), "email", "")
                    or e.user.email,
                ]
                for e in rows
            ],
        )
    return TemplateResponse(
        request,
        "elearning/admin/unfinished.html",
        {
            "session": session,
            "rows": rows,
            "has_online_part": selectors.has_online_part(session),
            "header_title": _("Online part not finished"),
            "page_title": _("Online part not finished"),
        },
    )
