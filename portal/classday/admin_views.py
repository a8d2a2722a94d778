"""The organizer's class-day screen in the Wagtail admin (班務): the rotating QR
code, arrivals as they come, the kiosk, marks by hand, seats, leave, meals, votes."""

import datetime

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.converters import parse_id
from portal.accounts.names import display_name
from portal.common import exports
from portal.surveys import selectors as survey_selectors
from portal.surveys import services as survey_services

from . import selectors, services
from .attendance import leave_limit
from .forms import KioskForm
from .models import ClassDaySettings, Meal, VoteStatus


def _session(request, session_id):
    return selectors.session_for_organizer(viewer=request.user, session_id=session_id)


def _enrolment(session, raw_id):
    pk = parse_id(raw_id)
    if pk is None:
        raise ValidationError(_("Choose a trainee."))
    return selectors.selected_enrolment(session=session, pk=pk)


def _text(request, name):
    """Posted text; a NUL byte (which PostgreSQL cannot store) is refused."""
    return forms.CharField(required=False, strip=False).clean(
        request.POST.get(name, "")
    )


def screen(request, session_id):
    session = _session(request, session_id)
    kiosk_form = KioskForm(prefix="kiosk")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "kiosk":
                kiosk_form = KioskForm(request.POST, prefix="kiosk")
                if kiosk_form.is_valid():
                    result = services.checkin_kiosk(
                        session=session,
                        national_id_number=kiosk_form.cleaned_data["national_id"],
                        actor=request.user,
                        kind=kiosk_form.cleaned_data["kind"],
                    )
                    messages.success(request, _result_text(result))
                    return redirect(request.path)
            elif action == "mark":
                result = services.checkin_mark(
                    enrolment=_enrolment(session, request.POST.get("enrolment")),
                    actor=request.user,
                    reason=_text(request, "reason"),
                    kind=_text(request, "kind") or services.IN,
                )
                messages.success(request, _result_text(result))
                return redirect(request.path)
            elif action == "seat":
                number = parse_id(request.POST.get("seat"))
                if number is None:
                    raise ValidationError(_("Give a seat number."))
                services.seat_move(
                    enrolment=_enrolment(session, request.POST.get("enrolment")),
                    number=number,
                    actor=request.user,
                )
                messages.success(request, _("Seats rearranged."))
                return redirect(request.path)
            elif action in ("approve_leave", "refuse_leave"):
                pk = parse_id(request.POST.get("leave"))
                if pk is None:
                    raise ValidationError(_("Choose a leave request."))
                leave = selectors.leave_get(viewer=request.user, session=session, pk=pk)
                services.leave_decide(
                    leave=leave,
                    actor=request.user,
                    approve=action == "approve_leave",
                    note=_text(request, "note"),
                )
                messages.success(request, _("The leave request is decided."))
                return redirect(request.path)
            elif action == "early_end":
                try:
                    day = datetime.date.fromisoformat(request.POST.get("date", ""))
                    ended_at = forms.TimeField().clean(request.POST.get("ended_at"))
                except ValueError:
                    raise ValidationError(_("Choose a class day.")) from None
                services.class_day_end_early(
                    session=session,
                    date=day,
                    ended_at=ended_at,
                    reason=_text(request, "reason"),
                    actor=request.user,
                )
                messages.success(
                    request, _("Recorded; leave booked after the end is dropped.")
                )
                return redirect(request.path)
            elif action == "vote_open":
                services.vote_open(
                    session=session,
                    question=_text(request, "question"),
                    options=_text(request, "options").splitlines(),
                    actor=request.user,
                )
                messages.success(request, _("The vote is open."))
                return redirect(request.path)
            elif action == "questionnaire":
                template = survey_selectors.template_get(
                    pk=parse_id(request.POST.get("template"))
                )
                survey_services.questionnaire_from_template(
                    template=template, session=session, actor=request.user
                )
                messages.success(request, _("The questionnaire is open to trainees."))
                return redirect(request.path)
            elif action == "vote_status":
                vote = selectors.vote_get(
                    viewer=request.user,
                    pk=parse_id(request.POST.get("vote")),
                    session=session,
                )
                services.vote_set_status(
                    vote=vote, status=_text(request, "status"), actor=request.user
                )
                return redirect(request.path)
        except services.CheckInRefused as refused:
            messages.error(request, refused.message)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    rows = selectors.arrival_list(session=session)
    settings_ = ClassDaySettings.for_session(session)
    return TemplateResponse(
        request,
        "classday/admin/screen.html",
        {
            "session": session,
            "rows": rows,
            "checked_in": sum(1 for r in rows if r["checkin"]),
            "kiosk_form": kiosk_form,
            "leave_requests": selectors.leave_list(session=session),
            "class_day_settings": settings_,
            "meal_counts": selectors.meal_counts(session=session)
            if settings_.serves_meals
            else None,
            "votes": [
                (vote, _qr_svg(request, reverse("classday:vote", args=[vote.pk])))
                for vote in selectors.votes_of_session(session=session)
            ],
            "vote_actions": VOTE_ACTIONS,
            "questionnaires": survey_selectors.session_questionnaires(session=session),
            "templates": survey_selectors.templates(),
            "is_class_day": timezone.localdate() in session.class_days(),
            "class_days": session.class_days(),
            "today": timezone.localdate(),
            "leave_limit": leave_limit(session.course),
            "early_ends": selectors.early_end_list(session=session),
        },
    )


# The buttons that move a vote say what they do, not the state they lead to.
VOTE_ACTIONS = [
    (VoteStatus.OPEN, gettext_lazy("Open voting")),
    (VoteStatus.CLOSED, gettext_lazy("Close the vote")),
    (VoteStatus.PUBLISHED, gettext_lazy("Publish the results")),
]


def projector(request, session_id):
    """The rotating check-in code alone, big, with today's arrivals, for a
    projector; it refreshes through ``qr`` and ``arrivals`` like the screen."""
    session = _session(request, session_id)
    rows = selectors.arrival_list(session=session)
    return TemplateResponse(
        request,
        "classday/admin/projector.html",
        {
            "session": session,
            "checked_in": sum(1 for r in rows if r["checkin"]),
            "selected": len(rows),
            "is_class_day": timezone.localdate() in session.class_days(),
        },
    )


def _qr_svg(request, path):
    """A QR code of a site address, for trainees to open on their phones."""
    return mark_safe(  # noqa: S308 - segno's own SVG of our own URL
        segno.make(request.build_absolute_uri(path), error="m").svg_inline(
            scale=4, title=_("Vote page for trainees")
        )
    )


def _result_text(result):
    name = getattr(getattr(result.enrolment.user, "person", None), "name", "")
    if result.already:
        return _("%(name)s was already recorded (seat %(seat)s).") % {
            "name": name,
            "seat": result.seat or "—",
        }
    return _("%(name)s recorded, seat %(seat)s.") % {
        "name": name,
        "seat": result.seat or "—",
    }


def qr(request, session_id):
    """A fresh QR code for the screen; the page asks again before it expires."""
    session = _session(request, session_id)
    kind = services.OUT if request.GET.get("kind") == services.OUT else services.IN
    token = services.checkin_token(session=session, kind=kind)
    url = request.build_absolute_uri(reverse("classday:checkin", args=[token]))
    code = segno.make(url, error="m")
    response = JsonResponse(
        {
            "svg": code.svg_inline(
                scale=6,
                title=_("Check-in code") if kind == "in" else _("Check-out code"),
            ),
            "url": url,
            "refresh_in": max(5, min(30, settings.CHECKIN_TOKEN_MAX_AGE // 3)),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def arrivals(request, session_id):
    session = _session(request, session_id)
    rows = selectors.arrival_list(session=session)
    response = JsonResponse(
        {
            "checked_in": sum(1 for r in rows if r["checkin"]),
            "total": len(rows),
            "rows": [
                {
                    "enrolment": r["enrolment"].pk,
                    "name": r["name"],
                    "agency": r["agency"],
                    "seat": r["seat"],
                    "checked_in_at": timezone.localtime(
                        r["checkin"].checked_in_at
                    ).strftime("%H:%M")
                    if r["checkin"]
                    else None,
                    "checked_out_at": timezone.localtime(
                        r["checkin"].checked_out_at
                    ).strftime("%H:%M")
                    if r["checkin"] and r["checkin"].checked_out_at
                    else None,
                    "method": r["checkin"].get_method_display() if r["checkin"] else "",
                }
                for r in rows
            ],
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def meals_export(request, session_id):
    session = _session(request, session_id)
    labels = {value: str(label) for value, label in Meal.choices}
    rows = [
        (
            choice.date,
            display_name(choice.enrolment.user),
            choice.enrolment.agency.name if choice.enrolment.agency_id else "",
            labels[choice.meal],
        )
        for choice in selectors.meal_roster(session=session)
    ]
    counts = [
        (c["date"], _("Total"), "", f"{labels['regular']} {c['regular']} / "
         f"{labels['vegetarian']} {c['vegetarian']} / {labels['none']} {c['none']} / "
         f"{_('not chosen')} {c['unknown']}")
        for c in selectors.meal_counts(session=session)
    ]  # fmt: skip
    return exports.xlsx_response(
        f"meals-{session.code}-{session.term}-{datetime.date.today():%Y%m%d}.xlsx",
        _("Meals"),
        [_("Date"), _("Name"), _("Agency"), _("Meal")],
        counts + rows,
    )
