"""The organizer's roster of one session in the Wagtail admin (班期學員管理):
selection, waiting list, withdrawals and attendance, all through the services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.catalog.models import Session
from cms.core.converters import parse_id
from portal.accounts.access import is_organizer
from portal.records import services as records_services
from portal.records.models import Attendance

from . import selectors, services
from .models import EnrolmentStatus


def _require_organizer(user):
    if not is_organizer(user):
        raise PermissionDenied


def _decimal(raw):
    """Hours or a grade as typed: empty is None; NaN, infinities, values the
    column cannot hold (5 digits, 1 decimal) and NUL bytes are refused."""
    return forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1
    ).clean(raw)


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
        target = by_id.get(parse_id(request.POST.get("enrolment")))
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
                reason = forms.CharField(required=False).clean(
                    request.POST.get("reason", "")
                )[:255]
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
