"""The trainee's class day on the phone: check in from the QR code, the day's
page (seat, timetable, leave, meals, votes) and voting."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Session
from cms.core.converters import parse_id
from portal.common.forms import apply_errors
from portal.elearning.selectors import online_parts
from portal.surveys import selectors as survey_selectors

from . import selectors, services
from .forms import LeaveForm
from .models import Meal, VoteStatus, seat_position

STATUS_OF_REFUSAL = {"expired": 410, "invalid": 400, "not_enrolled": 403}


@login_required
def checkin(request, token):
    """The QR code's address. GET shows what the scan is for; POST records it."""
    context = {"token": token}
    try:
        session_id, kind, day = services.checkin_token_read(token)
    except services.CheckInRefused as refused:
        return _refused(request, refused)
    session = get_object_or_404(
        Session.objects.select_related("course", "venue__seat_plan"), pk=session_id
    )
    context.update({"session": session, "kind": kind, "day": day})
    if request.method == "POST":
        try:
            result = services.checkin_scan(token=token, user=request.user)
        except services.CheckInRefused as refused:
            return _refused(request, refused)
        context.update(
            {
                "result": result,
                "seat_position": seat_position(session, result.seat),
                "timetable": selectors.timetable_of_day(session=session, day=day),
            }
        )
        return TemplateResponse(request, "classday/checkin_done.html", context)
    return TemplateResponse(request, "classday/checkin.html", context)


def _refused(request, refused):
    return TemplateResponse(
        request,
        "classday/checkin_refused.html",
        {"message": refused.message},
        status=STATUS_OF_REFUSAL.get(refused.code, 400),
    )


def _phase(days) -> dict:
    """Where the class stands for the trainee today: before it, on a class day,
    between two class days, or over (and the next class day, if any)."""
    date = timezone.localdate()
    upcoming = [day for day in days if day > date]
    if date in days:
        phase = "today"
    elif date < days[0]:
        phase = "before"
    elif upcoming:
        phase = "between"
    else:
        phase = "over"
    return {"phase": phase, "next_day": upcoming[0] if upcoming else None}


@login_required
def class_day(request, session_id):
    """The trainee's page for a session: seat, today's timetable, leave, meals, votes."""
    enrolment = selectors.my_enrolment(user=request.user, session_id=session_id)
    session = enrolment.session
    days = session.class_days()
    leave_form = LeaveForm(days=days, prefix="leave")
    if request.method == "POST" and request.POST.get("action") == "leave":
        leave_form = LeaveForm(request.POST, days=days, prefix="leave")
        if leave_form.is_valid():
            data = leave_form.cleaned_data
            try:
                services.leave_request(
                    enrolment=enrolment,
                    user=request.user,
                    date=datetime.date.fromisoformat(data["date"]),
                    hours=data["hours"],
                    starts_at=data["starts_at"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                apply_errors(leave_form, error)
            else:
                messages.success(
                    request, _("Your leave request is sent to the organizer.")
                )
                return redirect("classday:day", session_id=session.pk)
    if request.method == "POST" and request.POST.get("action") == "meals":
        choices = {
            day: request.POST[f"meal-{day.isoformat()}"]
            for day in days
            if request.POST.get(f"meal-{day.isoformat()}")
        }
        try:
            services.meal_choices_save(
                enrolment=enrolment, user=request.user, choices=choices
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your meal choices are saved."))
            return redirect("classday:day", session_id=session.pk)
    today = selectors.class_day_get(enrolment=enrolment)
    return TemplateResponse(
        request,
        "classday/class_day.html",
        {
            "enrolment": enrolment,
            "session": session,
            **_phase(days),
            "class_day_settings": today.settings,
            "seat": today.seat,
            "seat_position": today.seat_position,
            "checkin": today.checkin,
            "timetable": today.timetable,
            "leave_form": leave_form,
            "leave_requests": today.leave_requests,
            "meal_days": [(day, today.meals.get(day, "")) for day in days],
            "meal_choices": Meal.choices,
            "meals_open": today.meals_open,
            "votes": today.votes,
            "online_part": online_parts(enrolments=[enrolment]).get(enrolment.pk),
            "questionnaires": survey_selectors.questionnaires_to_answer(
                user=request.user, session=session
            ),
        },
    )


@login_required
def vote(request, vote_id):
    vote, organizer = selectors.vote_for_viewer(viewer=request.user, vote_id=vote_id)
    error = None
    if request.method == "POST":
        try:
            services.vote_cast(
                vote=vote,
                option_id=parse_id(request.POST.get("option")) or 0,
                user=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("Your vote is counted."))
            return redirect("classday:vote", vote_id=vote.pk)
    voted = selectors.has_voted(vote=vote, user=request.user)
    show_results = organizer or vote.status == VoteStatus.PUBLISHED
    return TemplateResponse(
        request,
        "classday/vote.html",
        {
            "vote": vote,
            "voted": voted,
            "error": error,
            "results": selectors.vote_results(vote=vote) if show_results else None,
        },
        status=400 if error else 200,
    )


@login_required
def vote_results(request, vote_id):
    """Live counts for the organizer's screen (polled), and for trainees once
    the results are published."""
    vote, organizer = selectors.vote_for_viewer(viewer=request.user, vote_id=vote_id)
    if not organizer and vote.status != VoteStatus.PUBLISHED:
        raise Http404
    response = JsonResponse(selectors.vote_results(vote=vote))
    response["Cache-Control"] = "no-store"
    return response
