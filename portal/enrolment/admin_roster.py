"""The organizer's roster of one session in the Wagtail admin (班期學員管理):
selection, waiting list, withdrawals and attendance, all through the services."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.catalog.models import DeliveryMode, Session
from cms.core.converters import parse_id
from portal.accounts.access import is_organizer
from portal.records import services as records_services
from portal.records.models import Attendance

from . import selectors, services
from .models import EnrolmentStatus


def _require_organizer(user):
    if not is_organizer(user):
        raise PermissionDenied


def _save_records(request, enrolments):
    """The posted attendance of every row that has one, all or nothing; the
    errors by enrolment id."""
    rows = []
    for enrolment in enrolments:
        if not request.POST.get(f"attendance-{enrolment.pk}"):
            continue
        row = {
            "enrolment": enrolment,
            "attendance": request.POST[f"attendance-{enrolment.pk}"],
            "hours": request.POST.get(f"hours-{enrolment.pk}"),
        }
        # No grade box for a course with a grade scheme (the grades screen).
        if f"grade-{enrolment.pk}" in request.POST:
            row["grade"] = request.POST[f"grade-{enrolment.pk}"]
        rows.append(row)
    try:
        records_services.record_bulk_update(actor=request.user, rows=rows)
    except ValidationError as error:
        return {int(pk): " ".join(msgs) for pk, msgs in error.message_dict.items()}
    return {}


ONLINE_PART_MODES = (DeliveryMode.BLENDED, DeliveryMode.ONLINE)


def _save_online_parts(request, session, enrolments):
    """The ticks of the online part of a blended or online class, where they
    changed."""
    if session.effective_delivery_mode not in ONLINE_PART_MODES:
        return
    for enrolment in enrolments:
        record = getattr(enrolment, "record", None)
        ticked = f"online-{enrolment.pk}" in request.POST
        if ticked != bool(record and record.online_completed_at):
            records_services.record_online_complete(
                enrolment=enrolment, actor=request.user, completed=ticked
            )


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
                record_errors = _save_records(request, selected)
                if not record_errors:
                    _save_online_parts(request, session, selected)
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
            "blended": session.effective_delivery_mode in ONLINE_PART_MODES,
            "posted": request.POST if record_errors else None,
        },
    )
