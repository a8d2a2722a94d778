"""The organizer's grades screen of a session in the Wagtail admin: the parts of
each trainee's grade, a sheet to download and upload, and the honours list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.catalog.models import Session
from portal.accounts.access import is_organizer
from portal.enrolment import selectors as enrolment_selectors
from portal.enrolment.models import EnrolmentStatus

from . import grading, selectors, services, sheets


def _posted_rows(request, enrolments, parts):
    return [
        {
            "enrolment": e,
            "scores": {
                p.key: request.POST.get(f"score-{e.pk}-{p.key}", "") for p in parts
            },
            "adjustment": request.POST.get(f"adjustment-{e.pk}", "") or None,
            "reason": request.POST.get(f"reason-{e.pk}", ""),
        }
        for e in enrolments
    ]


def _row_errors(error: ValidationError) -> dict:
    """{enrolment id: {field: text}} from ``grade_bulk_save``'s error."""
    found = {}
    for key, texts in error.message_dict.items():
        pk, _sep, field = key.partition(":")
        found.setdefault(int(pk), {})[field] = " ".join(texts)
    return found


def grades(request, session_id):
    if not is_organizer(request.user):
        raise PermissionDenied
    session = get_object_or_404(
        Session.objects.select_related("course__grade_scheme"), pk=session_id
    )
    scheme = session.course.grade_scheme
    parts = grading.entered_parts(scheme)
    enrolments = list(
        enrolment_selectors.enrolment_list(
            viewer=request.user, session=session, status=EnrolmentStatus.SELECTED
        )
        .select_related("record")
        .order_by("user__person__name", "pk")
    )
    if request.GET.get("format") == "xlsx" and scheme is not None:
        return sheets.grade_sheet_xlsx(session=session, enrolments=enrolments)
    errors, posted = {}, None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save" and scheme is not None:
                posted = request.POST
                services.grade_bulk_save(
                    actor=request.user, rows=_posted_rows(request, enrolments, parts)
                )
                messages.success(request, _("Grades saved."))
            elif action == "import" and scheme is not None:
                upload = request.FILES.get("sheet")
                if upload is None:
                    raise ValidationError(_("Choose the filled-in sheet."))
                rows = sheets.grade_sheet_read(upload=upload, enrolments=enrolments)
                services.grade_bulk_save(actor=request.user, rows=rows)
                messages.success(
                    request,
                    _("Grades of %(count)s trainees imported.") % {"count": len(rows)},
                )
            elif action == "honours_compute":
                listed = services.honours_compute(session=session, actor=request.user)
                messages.success(
                    request,
                    _("Honours list: %(count)s trainees.") % {"count": len(listed)},
                )
            elif action == "honours_confirm":
                services.honours_confirm(session=session, actor=request.user)
                messages.success(request, _("Honours list confirmed."))
            elif action == "honours_reopen":
                services.honours_reopen(session=session, actor=request.user)
                messages.success(request, _("Honours list reopened."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            if hasattr(error, "error_dict") and action in ("save", "import"):
                errors = _row_errors(error)
                messages.error(
                    request, _("Nothing was saved: correct the marked rows.")
                )
            else:
                messages.error(request, " ".join(error.messages))
        else:
            return redirect("session_grades", session_id=session.pk)
    for enrolment in enrolments:
        enrolment.grade_errors = errors.get(enrolment.pk, {})
        record = getattr(enrolment, "record", None)
        scores = record.grade_parts if record else {}
        enrolment.inputs = [
            {
                "part": part,
                "name": f"score-{enrolment.pk}-{part.key}",
                "value": posted.get(f"score-{enrolment.pk}-{part.key}", "")
                if posted
                else scores.get(part.key, ""),
                "error": enrolment.grade_errors.get(part.key, ""),
            }
            for part in parts
        ]
        if posted:
            enrolment.adjustment_value = posted.get(f"adjustment-{enrolment.pk}", "")
            enrolment.reason_value = posted.get(f"reason-{enrolment.pk}", "")
        else:
            enrolment.adjustment_value = (
                record.grade_adjustment if record and record.grade_adjustment else ""
            )
            enrolment.reason_value = record.grade_adjustment_reason if record else ""
    return TemplateResponse(
        request,
        "records/admin/grades.html",
        {
            "session": session,
            "scheme": scheme,
            "parts": parts,
            "enrolments": enrolments,
            "honours": selectors.honours_of(viewer=request.user, session=session),
            "bands": grading.bands(scheme),
            "has_errors": bool(errors),
        },
    )
