"""The volunteers' pages (志工專區) on the phone, and the coordinator's.

Thin: services and selectors decide; these views parse input, call them and render.
"""

import datetime
from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.core.converters import parse_id
from portal.accounts.access import is_volunteer, is_volunteer_coordinator
from portal.certificates.services import institute_name
from portal.common.exports import xlsx_response

from . import document, selectors, services
from .forms import (
    AppraisalForm,
    AssignForm,
    AvailabilityForm,
    LateRequestForm,
    MarkForm,
    MonthForm,
    SelfEvaluationForm,
    ShiftForm,
    WindowForm,
)
from .models import ACTIVE_SIGNUPS, Post, ShiftMonth, SignupStatus

STATUS_OF_REFUSAL = {"expired": 410, "invalid": 400}


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def volunteer_required(view):
    """Sign-in first; then the volunteer's profile, or 404 for anyone else."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        volunteer = selectors.volunteer_of(request.user)
        if volunteer is None or not is_volunteer(request.user):
            raise Http404
        return view(request, volunteer, *args, **kwargs)

    return login_required(wrapper)


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_volunteer_coordinator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


# The volunteer ----------------------------------------------------------------


@volunteer_required
def home(request, volunteer):
    """My shifts to come (and recent ones still without a clock-out), and a
    week of shifts open for sign-up."""
    now = timezone.now()
    today = timezone.localdate(now)
    recent = Q(
        shift__date__gte=today - datetime.timedelta(days=7),
        clock_out__isnull=True,
        status__in=(SignupStatus.CONFIRMED, SignupStatus.NO_SHOW),
    )
    mine = list(
        selectors.signup_list(viewer=request.user)
        .filter(volunteer=volunteer)
        .filter(Q(shift__date__gte=today) | recent)
        .exclude(status=SignupStatus.CANCELLED)
        .order_by("shift__date", "shift__starts_at")
    )
    for signup in mine:
        signup.cancel_until = services.self_cancel_until(signup.shift)
        signup.can_cancel = signup.status == SignupStatus.WAITLISTED or (
            signup.status == SignupStatus.CONFIRMED and now <= signup.cancel_until
        )
        started = services.shift_start(signup.shift) <= now
        signup.is_today = signup.shift.date == today and not signup.clock_out
        signup.can_ask_late = (
            signup.status in (SignupStatus.CONFIRMED, SignupStatus.NO_SHOW)
            and signup.clock_out is None
            and started
        )
    week = selectors.week_start(request.GET.get("week"), today)
    taken = {signup.shift_id for signup in mine}
    days = {}
    for shift in selectors.open_shifts_week(volunteer=volunteer, week=week, now=now):
        if shift.pk not in taken:
            days.setdefault(shift.date, []).append(shift)
    return TemplateResponse(
        request,
        "volunteers/home.html",
        {
            "volunteer": volunteer,
            "mine": mine,
            "days": sorted(days.items()),
            "week": week,
            "week_end": week + datetime.timedelta(days=6),
            "previous_week": week - datetime.timedelta(days=7)
            if week > today - datetime.timedelta(days=today.weekday())
            else None,
            "next_week": week + datetime.timedelta(days=7),
            "summary": selectors.hours_of(volunteer=volunteer, year=today.year),
        },
    )


@require_POST
@volunteer_required
def signup(request, volunteer, shift_id):
    shift = selectors.shift_open_get(pk=shift_id)
    try:
        result = services.signup_create(
            shift=shift, volunteer=volunteer, actor=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        if result.status == SignupStatus.CONFIRMED:
            messages.success(
                request,
                _("You are signed up for %(shift)s.")
                % {"shift": _shift_text(result.shift)},
            )
        else:
            messages.info(
                request,
                _(
                    "The shift is full: you are on its waiting list, and get the place if one frees up."
                ),
            )
    return redirect("volunteers:home")


@require_POST
@volunteer_required
def cancel(request, volunteer, signup_id):
    signup = selectors.signup_get(viewer=request.user, pk=signup_id)
    if signup.volunteer_id != volunteer.pk:
        raise Http404
    try:
        services.signup_cancel(signup=signup, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Cancelled: %(shift)s.") % {"shift": _shift_text(signup.shift)}
        )
    return redirect("volunteers:home")


def _shift_text(shift) -> str:
    return f"{shift.date:%Y-%m-%d} {shift.starts_at:%H:%M}–{shift.ends_at:%H:%M} {shift.duty}"


@login_required
def clock(request, token):
    """The post's QR code leads here: GET says what the scan does, POST records it."""
    try:
        post_id = services.read_post_token(token)
    except services.ClockRefused as refused:
        return _refused(request, refused)
    post = get_object_or_404(Post, pk=post_id)
    if request.method == "POST":
        try:
            signup = services.clock_scan(token=token, user=request.user)
        except services.ClockRefused as refused:
            return _refused(request, refused)
        return TemplateResponse(
            request, "volunteers/clock_done.html", {"post": post, "signup": signup}
        )
    return TemplateResponse(
        request, "volunteers/clock.html", {"post": post, "token": token}
    )


def _refused(request, refused):
    return TemplateResponse(
        request,
        "volunteers/clock_refused.html",
        {"message": refused.messages[0]},
        status=STATUS_OF_REFUSAL.get(
            refused.code, 400 if refused.code != "no_shift" else 409
        ),
    )


@volunteer_required
def late_request(request, volunteer, signup_id):
    """補簽: ask the coordinator to record the times of a shift served without a scan."""
    signup = selectors.signup_get(viewer=request.user, pk=signup_id)
    if signup.volunteer_id != volunteer.pk:
        raise Http404
    form = LateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = signup.shift.date
        try:
            services.clock_request_create(
                signup=signup,
                user=request.user,
                clock_in=services.aware(day, form.cleaned_data["clock_in"]),
                clock_out=services.aware(day, form.cleaned_data["clock_out"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your request was sent to the coordinator."))
            return redirect("volunteers:home")
    return TemplateResponse(
        request, "volunteers/late_request.html", {"signup": signup, "form": form}
    )


@volunteer_required
def hours(request, volunteer):
    """Hours per month of a year, the allowances, and the half-year self-evaluation."""
    year = _year(request.GET.get("year"))
    half = 1 if timezone.localdate().month <= 6 else 2
    appraisal = volunteer.appraisals.filter(
        year=timezone.localdate().year, half=half
    ).first()
    form = SelfEvaluationForm(
        request.POST if "slots-form" not in request.POST else None,
        initial={"text": appraisal.self_evaluation if appraisal else ""},
    )
    availability_form = AvailabilityForm(
        request.POST if "slots-form" in request.POST else None,
        initial=AvailabilityForm.initial_from(volunteer.availability),
    )
    if request.method == "POST" and "slots-form" in request.POST:
        if availability_form.is_valid():
            services.availability_save(
                volunteer=volunteer,
                user=request.user,
                availability=availability_form.availability(),
            )
            messages.success(request, _("Your availability was saved."))
            return redirect("volunteers:hours")
    elif request.method == "POST" and form.is_valid():
        services.self_evaluation_save(
            volunteer=volunteer,
            user=request.user,
            year=timezone.localdate().year,
            half=half,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your self-evaluation was saved."))
        return redirect("volunteers:hours")
    return TemplateResponse(
        request,
        "volunteers/hours.html",
        {
            "volunteer": volunteer,
            "summary": selectors.hours_of(volunteer=volunteer, year=year),
            "years": range(timezone.localdate().year, volunteer.joined_on.year - 1, -1),
            "form": form,
            "availability_form": availability_form,
            "appraisals": volunteer.appraisals.all()[:6],
        },
    )


def _year(raw) -> int:
    this_year = timezone.localdate().year
    if raw and raw.isdigit() and 2000 <= int(raw) <= this_year:
        return int(raw)
    return this_year


@volunteer_required
def certificate(request, volunteer, year):
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    summary = selectors.hours_of(volunteer=volunteer, year=year)
    pdf = document.hours_certificate_pdf(
        volunteer=volunteer, summary=summary, institute=institute_name()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="volunteer-hours-{year}.pdf"'
    return response


# The coordinator --------------------------------------------------------------


@coordinator_required
def coverage(request):
    """A month's shifts (filled, missing, waiting, no-shows), hours per volunteer
    and the late clock-in requests to decide; Excel on request."""
    form = MonthForm(request.GET or None)
    start, end = selectors.month_bounds(form.chosen())
    shifts = list(selectors.coverage(viewer=request.user, start=start, end=end))
    people = list(
        selectors.hours_by_volunteer(viewer=request.user, start=start, end=end)
    )
    if request.GET.get("format") == "xlsx":
        return _coverage_xlsx(start, shifts, people)
    # By default the shifts that need attention: places missing, or no-shows.
    show_all = request.GET.get("all") == "1"
    listed = shifts if show_all else [s for s in shifts if s.missing or s.no_shows]
    requests = selectors.clock_request_list(viewer=request.user)
    return TemplateResponse(
        request,
        "volunteers/coverage.html",
        {
            "form": MonthForm(initial={"month": start}),
            "month": start,
            "shifts": listed,
            "show_all": show_all,
            "shift_count": len(shifts),
            "people": people,
            "requests": requests,
            "missing_total": sum(s.missing for s in shifts),
            "posts": Post.objects.all(),
        },
    )


def _coverage_xlsx(month, shifts, people):
    headers = [
        _("Date"),
        _("Starts at"),
        _("Ends at"),
        _("Duty"),
        _("Post"),
        _("Needed"),
        _("Confirmed"),
        _("Missing"),
        _("Waiting"),
        _("No-shows"),
    ]
    rows = [
        [
            s.date,
            s.starts_at.strftime("%H:%M"),
            s.ends_at.strftime("%H:%M"),
            str(s.duty),
            str(s.post),
            s.needed,
            s.confirmed,
            s.missing,
            s.waiting,
            s.no_shows,
        ]
        for s in shifts
    ]
    rows.append([])
    rows.append(
        [_("Volunteer"), _("Shifts served"), _("Hours"), _("Allowances"), _("No-shows")]
    )
    rows.extend(
        [p.name, p.shifts_served, round(p.minutes / 60, 1), p.allowances, p.no_shows]
        for p in people
    )
    return xlsx_response(
        f"volunteer-coverage-{month:%Y-%m}.xlsx", _("Coverage"), headers, rows
    )


@require_POST
@coordinator_required
def national_export(request):
    """The month's served shifts in the national volunteer-service system's
    columns (docs/volunteer-hours-export.md). A POST: it decrypts and logs the
    volunteers' ID numbers, which no prefetch may trigger."""
    start, end = selectors.month_bounds(MonthForm(request.POST or None).chosen())
    rows = services.national_hours_rows(viewer=request.user, start=start, end=end)
    response = xlsx_response(
        f"volunteer-hours-{start:%Y-%m}.xlsx",
        _("Service hours"),
        list(services.NATIONAL_COLUMNS),
        rows,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@coordinator_required
def request_decide(request, request_id):
    clock_request = selectors.clock_request_get(viewer=request.user, pk=request_id)
    try:
        services.clock_request_decide(
            request=clock_request,
            actor=request.user,
            approve=request.POST.get("approve") == "1",
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The request was decided."))
    return redirect(
        reverse("volunteers:coverage")
        + f"?month={clock_request.signup.shift.date:%Y-%m}"
    )


@coordinator_required
def plan(request):
    """Plan a month: its sign-up window, its shifts (repeated weekly), publishing."""
    month = MonthForm(request.GET or None).chosen()
    shift_month = ShiftMonth.objects.filter(month=month).first()
    shift_form = ShiftForm(
        request.POST if request.POST.get("action") == "shift" else None,
        initial={"date": month},
    )
    window_initial = {}
    if shift_month:
        window_initial = {
            "signup_opens_at": timezone.localtime(shift_month.signup_opens_at),
            "signup_closes_at": timezone.localtime(shift_month.signup_closes_at),
        }
    window_form = WindowForm(
        request.POST if request.POST.get("action") == "window" else None,
        initial=window_initial,
    )
    here = reverse("volunteers:plan") + f"?month={month:%Y-%m}"
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "window" and window_form.is_valid():
                services.shift_month_save(
                    month=month,
                    opens=window_form.cleaned_data["signup_opens_at"],
                    closes=window_form.cleaned_data["signup_closes_at"],
                    actor=request.user,
                )
                messages.success(request, _("The sign-up window was saved."))
                return redirect(here)
            if action == "shift" and shift_form.is_valid():
                made = services.shift_create(
                    actor=request.user, **shift_form.cleaned_data
                )
                messages.success(
                    request, _("%(count)s shifts added.") % {"count": len(made)}
                )
                return redirect(here)
            if action == "publish" and shift_month is not None:
                services.shift_month_publish(
                    shift_month=shift_month, actor=request.user
                )
                messages.success(
                    request,
                    _("The month is published: volunteers can sign up in its window."),
                )
                return redirect(here)
        except ValidationError as error:
            form = shift_form if action == "shift" else window_form
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
    shifts = shift_month.shifts.select_related("duty", "post") if shift_month else []
    return TemplateResponse(
        request,
        "volunteers/plan.html",
        {
            "month": month,
            "month_form": MonthForm(initial={"month": month}),
            "shift_month": shift_month,
            "shifts": shifts,
            "shift_form": shift_form,
            "window_form": window_form,
        },
    )


@coordinator_required
def shift_detail(request, shift_id):
    """One shift for the coordinator: who is on it and in line, placing a
    volunteer, cancelling a place, and marking clock times with a reason."""
    shift = selectors.shift_get(viewer=request.user, pk=shift_id)
    signups = list(selectors.signup_list(viewer=request.user).filter(shift=shift))
    taken = {s.volunteer_id for s in signups if s.status in ACTIVE_SIGNUPS}
    assign_form = AssignForm(
        request.POST if request.POST.get("action") == "assign" else None,
        volunteers=selectors.volunteer_list(viewer=request.user)
        .filter(active=True)
        .exclude(pk__in=taken),
    )
    mark_forms = {
        s.pk: MarkForm(
            request.POST
            if request.POST.get("action") == "mark"
            and request.POST.get("signup") == str(s.pk)
            else None,
            prefix=f"mark-{s.pk}",
            initial={
                "clock_in": s.clock_in and timezone.localtime(s.clock_in).time(),
                "clock_out": s.clock_out and timezone.localtime(s.clock_out).time(),
            },
        )
        for s in signups
    }
    here = reverse("volunteers:shift_detail", args=[shift.pk])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign" and assign_form.is_valid():
                services.signup_create(
                    shift=shift,
                    volunteer=assign_form.cleaned_data["volunteer"],
                    actor=request.user,
                )
                messages.success(request, _("The volunteer was placed."))
                return redirect(here)
            if action == "cancel":
                signup = selectors.signup_get(
                    viewer=request.user, pk=parse_id(request.POST.get("signup"))
                )
                services.signup_cancel(signup=signup, actor=request.user)
                messages.success(request, _("The place was cancelled."))
                return redirect(here)
            if action == "mark":
                signup = selectors.signup_get(
                    viewer=request.user, pk=parse_id(request.POST.get("signup"))
                )
                form = mark_forms.get(signup.pk)
                if form is not None and form.is_valid():
                    data = form.cleaned_data
                    services.clock_mark(
                        signup=signup,
                        actor=request.user,
                        reason=data["reason"],
                        clock_in=data["clock_in"]
                        and services.aware(shift.date, data["clock_in"]),
                        clock_out=data["clock_out"]
                        and services.aware(shift.date, data["clock_out"]),
                    )
                    messages.success(request, _("The times were recorded."))
                    return redirect(here)
        except ValidationError as error:
            messages.error(request, _error_text(error))
    for signup in signups:
        signup.mark_form = mark_forms[signup.pk]
    return TemplateResponse(
        request,
        "volunteers/shift_detail.html",
        {"shift": shift, "signups": signups, "assign_form": assign_form},
    )


@coordinator_required
def volunteer_detail(request, volunteer_id):
    """A volunteer for the coordinator: this year's hours, the appraisals with
    the volunteer's self-evaluations, and the half-year appraisal form."""
    volunteer = selectors.volunteer_get(viewer=request.user, pk=volunteer_id)
    today = timezone.localdate()
    form = AppraisalForm(
        request.POST or None,
        initial={"year": today.year, "half": 1 if today.month <= 6 else 2},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_save(
                volunteer=volunteer, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The appraisal was saved."))
            return redirect("volunteers:volunteer_detail", volunteer.pk)
    return TemplateResponse(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "summary": selectors.hours_of(volunteer=volunteer, year=today.year),
            "appraisals": volunteer.appraisals.all()[:10],
            "availability": _availability_labels(volunteer),
            "form": form,
        },
    )


def _availability_labels(volunteer) -> list[str]:
    labels = dict(AvailabilityForm.base_fields["slots"].choices)
    slots = AvailabilityForm.initial_from(volunteer.availability)["slots"]
    return [str(labels[slot]) for slot in slots if slot in labels]


@coordinator_required
def post_screen(request, post_id):
    """The post's rotating clock-in code for its screen, with today's arrivals."""
    post = get_object_or_404(Post, pk=post_id)
    return TemplateResponse(request, "volunteers/post_screen.html", {"post": post})


@coordinator_required
def post_qr(request, post_id):
    post = get_object_or_404(Post, pk=post_id)
    token = services.post_token(post=post)
    url = request.build_absolute_uri(reverse("volunteers:clock", args=[token]))
    response = JsonResponse(
        {
            "svg": segno.make(url, error="m").svg_inline(
                scale=6, title=_("Clock-in code")
            ),
            "url": url,
            "refresh_in": max(5, min(30, settings.CHECKIN_TOKEN_MAX_AGE // 3)),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@coordinator_required
def post_arrivals(request, post_id):
    post = get_object_or_404(Post, pk=post_id)
    rows = selectors.post_arrivals(
        viewer=request.user, post=post, day=timezone.localdate()
    )
    return JsonResponse(
        {
            "checked_in": sum(1 for row in rows if row["clock_in"]),
            "rows": [
                {
                    "seat": row["time"],
                    "name": row["name"],
                    "agency": row["duty"],
                    "checked_in_at": row["clock_in"],
                    "checked_out_at": row["clock_out"],
                    "method": row["method"],
                }
                for row in rows
            ],
        }
    )
