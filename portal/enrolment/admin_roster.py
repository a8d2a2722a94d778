"""The organizer's roster of one session in the Wagtail admin (班期學員管理):
selection, waiting list, withdrawals and attendance, all through the services."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.catalog.models import Session
from portal.records import services as records_services
from portal.records.models import Attendance

from . import selectors, services
from .models import EnrolmentStatus


def _require_organizer(user):
    if not user.has_perm("enrolment.change_enrolment"):
        raise PermissionDenied


def _decimal(raw):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(
            _("“%(value)s” is not a number.") % {"value": raw}
        ) from exc


def _save_records(request, session, enrolments):
    errors = {}
    with transaction.atomic():
        for enrolment in enrolments:
            key = str(enrolment.pk)
            attendance = request.POST.get(f"attendance-{key}")
            if not attendance:
                continue
            try:
                records_services.record_update(
                    enrolment=enrolment,
                    actor=request.user,
                    attendance=attendance,
                    hours=_decimal(request.POST.get(f"hours-{key}")),
                    grade=_decimal(request.POST.get(f"grade-{key}")),
                )
            except ValidationError as error:
                errors[enrolment.pk] = " ".join(error.messages)
        if errors:
            transaction.set_rollback(True)
    return errors


def roster(request, session_id):
    _require_organizer(request.user)
    session = get_object_or_404(
        Session.objects.select_related("course", "venue"), pk=session_id
    )
    rows = list(
        selectors.enrolment_list(viewer=request.user, session=session).select_related(
            "record"
        )
    )
    record_errors = {}
    if request.method == "POST":
        action = request.POST.get("action")
        by_id = {e.pk: e for e in rows}
        raw_id = request.POST.get("enrolment", "")
        target = by_id.get(int(raw_id)) if raw_id.isdigit() else None
        try:
            if action == "run_selection":
                counts = services.selection_run(session=session, actor=request.user)
                messages.success(
                    request,
                    _(
                        "Selection done: %(selected)s selected, %(waitlisted)s waitlisted."
                    )
                    % counts,
                )
            elif action in ("select", "refuse", "withdraw") and target is not None:
                reason = request.POST.get("reason", "").strip()[:255]
                if action == "select":
                    services.enrolment_select(
                        enrolment=target, actor=request.user, reason=reason
                    )
                elif action == "refuse":
                    services.enrolment_refuse(
                        enrolment=target, actor=request.user, reason=reason
                    )
                else:
                    services.enrolment_withdraw(
                        enrolment=target, actor=request.user, reason=reason
                    )
                messages.success(request, _("Saved."))
            elif action == "records":
                selected = [e for e in rows if e.status == EnrolmentStatus.SELECTED]
                record_errors = _save_records(request, session, selected)
                if not record_errors:
                    messages.success(request, _("Attendance and hours saved."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if not record_errors:
            return redirect("session_roster", session_id=session.pk)
    grouped = {status: [] for status in EnrolmentStatus.values}
    for enrolment in rows:
        enrolment.record_error = record_errors.get(enrolment.pk)
        grouped[enrolment.status].append(enrolment)
    grouped[EnrolmentStatus.WAITLISTED].sort(key=lambda e: (e.queued_at, e.pk))
    return TemplateResponse(
        request,
        "enrolment/admin/roster.html",
        {
            "session": session,
            "selected": grouped[EnrolmentStatus.SELECTED],
            "applied": grouped[EnrolmentStatus.APPLIED],
            "waitlisted": grouped[EnrolmentStatus.WAITLISTED],
            "closed": grouped[EnrolmentStatus.WITHDRAWN]
            + grouped[EnrolmentStatus.SUBSTITUTED]
            + grouped[EnrolmentStatus.REFUSED],
            "attendance_choices": Attendance.choices,
            "posted": request.POST if record_errors else None,
        },
    )
