"""Volunteers' shifts: planning, sign-up, cancellation, clock times, appraisals.

A sign-up locks the volunteer, then the shift (always in that order, so two
requests never wait on each other crosswise): the last place is given once, and
a volunteer tapping two overlapping shifts at once gets only one.
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.access import is_volunteer, is_volunteer_coordinator
from portal.accounts.services import sealed_ids_disclose
from portal.notifications.services import email_queue

from . import selectors
from .models import (
    ACTIVE_SIGNUPS,
    Appraisal,
    ClockMethod,
    ClockRequest,
    RequestStatus,
    Shift,
    ShiftMonth,
    Signup,
    SignupStatus,
    Volunteer,
)

CLOCK_SALT = "portal.volunteers.clock"
# How long after a shift's end its volunteer may still scan to clock out.
CLOCK_OUT_GRACE = datetime.timedelta(hours=2)


def _require_coordinator(actor) -> None:
    if not is_volunteer_coordinator(actor):
        raise PermissionDenied


def aware(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, time))


def shift_start(shift: Shift) -> datetime.datetime:
    return aware(shift.date, shift.starts_at)


def shift_end(shift: Shift) -> datetime.datetime:
    return aware(shift.date, shift.ends_at)


# Planning -------------------------------------------------------------------


def shift_month_save(*, month: datetime.date, opens, closes, actor) -> ShiftMonth:
    """Create or change a month of shifts and its sign-up window."""
    _require_coordinator(actor)
    if closes <= opens:
        raise ValidationError(
            {"signup_closes_at": _("The sign-up must close after it opens.")}
        )
    shift_month, _created = ShiftMonth.objects.update_or_create(
        month=month.replace(day=1),
        defaults={"signup_opens_at": opens, "signup_closes_at": closes},
    )
    return shift_month


def shift_month_publish(*, shift_month: ShiftMonth, actor) -> ShiftMonth:
    """Publish a month: its shifts show to volunteers, who sign up in the window."""
    _require_coordinator(actor)
    if not shift_month.shifts.exists():
        raise ValidationError(_("This month has no shifts yet."), code="empty")
    shift_month.published_at = shift_month.published_at or timezone.now()
    shift_month.save(update_fields=["published_at"])
    return shift_month


def shift_create(*, actor, repeat_until: datetime.date | None = None, **fields):
    """A shift, and with ``repeat_until`` the same shift every week until then
    (only in months that exist). Returns the shifts made."""
    _require_coordinator(actor)
    first = Shift(**fields)
    first.month = ShiftMonth.objects.filter(month=first.date.replace(day=1)).first()
    if first.month is None:
        raise ValidationError(
            {"date": _("Create the month of shifts for this date first.")}
        )
    first.full_clean(exclude=["series"])
    dates = [first.date]
    while repeat_until and dates[-1] + datetime.timedelta(weeks=1) <= repeat_until:
        dates.append(dates[-1] + datetime.timedelta(weeks=1))
    months = {
        m.month: m
        for m in ShiftMonth.objects.filter(month__in={d.replace(day=1) for d in dates})
    }
    series = uuid.uuid4().hex if len(dates) > 1 else ""
    made = []
    with transaction.atomic():
        for date in dates:
            month = months.get(date.replace(day=1))
            if month is None:
                continue
            shift = Shift(**{**fields, "date": date, "month": month, "series": series})
            shift.save()
            made.append(shift)
    return made


# Sign-up --------------------------------------------------------------------


def _overlapping(volunteer, shift):
    return Signup.objects.filter(
        volunteer=volunteer,
        status__in=ACTIVE_SIGNUPS,
        shift__date=shift.date,
        shift__starts_at__lt=shift.ends_at,
        shift__ends_at__gt=shift.starts_at,
    ).exclude(shift=shift)


def _check_signup(volunteer, shift, *, coordinator: bool, now) -> None:
    if not volunteer.active:
        raise ValidationError(_("Your volunteer service is paused."), code="inactive")
    # A coordinator may still place someone who turns up during the shift.
    if (shift_end(shift) if coordinator else shift_start(shift)) <= now:
        raise ValidationError(_("This shift has started."), code="started")
    if not coordinator:
        if not shift.duty.self_signup or not shift.duty.active:
            raise ValidationError(
                _("The coordinator assigns this duty."), code="assigned_only"
            )
        if not selectors.month_open(shift.month, now=now):
            raise ValidationError(
                _("Sign-up for this month is not open."), code="window_closed"
            )
    if not selectors.duty_qualified(volunteer=volunteer, duty=shift.duty):
        raise ValidationError(
            _("This duty needs the course “%(course)s” completed first.")
            % {"course": shift.duty.required_course.title},
            code="not_qualified",
        )
    clash = _overlapping(volunteer, shift).select_related("shift__duty").first()
    if clash is not None:
        raise ValidationError(
            _("You already have a shift at that time: %(shift)s.")
            % {"shift": f"{clash.shift.duty} {clash.shift.starts_at:%H:%M}"},
            code="overlap",
        )
    limit = shift.duty.max_per_month
    if limit is not None:
        taken = (
            Signup.objects.filter(
                volunteer=volunteer,
                status__in=ACTIVE_SIGNUPS,
                shift__duty=shift.duty,
                shift__month=shift.month,
            )
            .exclude(shift=shift)
            .count()
        )
        if taken >= limit:
            raise ValidationError(
                _("You have the most shifts of this duty a month (%(limit)s).")
                % {"limit": limit},
                code="monthly_limit",
            )


def signup_create(*, shift: Shift, volunteer: Volunteer, actor, now=None) -> Signup:
    """A place on the shift, or a place on its waiting list when it is full."""
    now = now or timezone.now()
    coordinator = is_volunteer_coordinator(actor)
    if not coordinator and (
        actor is None or actor.pk != volunteer.user_id or not is_volunteer(actor)
    ):
        raise PermissionDenied
    try:
        with transaction.atomic():
            return _signup_place(shift.pk, volunteer.pk, coordinator, now)
    except IntegrityError as exc:  # the unique pair, should the locks be bypassed
        raise ValidationError(
            _("You are already signed up for this shift."), code="duplicate"
        ) from exc


def _signup_place(shift_id, volunteer_id, coordinator, now) -> Signup:
    # The volunteer's row first, then the shift's: the same order everywhere.
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("duty__required_course", "month", "post")
        .get(pk=shift_id)
    )
    signup = Signup.objects.filter(shift=shift, volunteer=volunteer).first()
    if signup is not None and signup.status in ACTIVE_SIGNUPS:
        raise ValidationError(
            _("You are already signed up for this shift."), code="duplicate"
        )
    _check_signup(volunteer, shift, coordinator=coordinator, now=now)
    confirmed = shift.signups.filter(status=SignupStatus.CONFIRMED).count()
    status = (
        SignupStatus.CONFIRMED if confirmed < shift.needed else SignupStatus.WAITLISTED
    )
    signup = signup or Signup(shift=shift, volunteer=volunteer)
    signup.status = status
    signup.queued_at = now if status == SignupStatus.WAITLISTED else None
    signup.save()
    return signup


def self_cancel_until(shift: Shift) -> datetime.datetime:
    hours = settings.VOLUNTEER_RULES["CANCEL_HOURS_BEFORE"]
    return shift_start(shift) - datetime.timedelta(hours=hours)


def signup_cancel(*, signup: Signup, actor, now=None) -> Signup:
    """Cancel a place (or leave the waiting list); a freed place goes to the
    first in line. Volunteers cancel until the deadline, then only the
    coordinator can."""
    now = now or timezone.now()
    coordinator = is_volunteer_coordinator(actor)
    if not coordinator and (actor is None or actor.pk != signup.volunteer.user_id):
        raise PermissionDenied
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=signup.shift_id)
        signup = Signup.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in ACTIVE_SIGNUPS:
            raise ValidationError(
                _("This sign-up is no longer active."), code="inactive"
            )
        if (
            not coordinator
            and signup.status == SignupStatus.CONFIRMED
            and now > self_cancel_until(shift)
        ):
            raise ValidationError(
                _(
                    "Cancellation closed at %(deadline)s; ask the coordinator to "
                    "cancel for you."
                )
                % {
                    "deadline": timezone.localtime(self_cancel_until(shift)).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                },
                code="cancel_closed",
            )
        freed = signup.status == SignupStatus.CONFIRMED
        signup.status = SignupStatus.CANCELLED
        signup.queued_at = None
        signup.save(update_fields=["status", "queued_at", "updated_at"])
        if freed and shift_start(shift) > now:
            _promote(shift)
    return signup


def _promote(shift: Shift) -> Signup | None:
    """The first in line who still has no clashing shift takes the freed place."""
    for waiting in shift.signups.filter(status=SignupStatus.WAITLISTED).order_by(
        "queued_at", "pk"
    ):
        if (
            _overlapping(waiting.volunteer, shift)
            .filter(status=SignupStatus.CONFIRMED)
            .exists()
        ):
            continue
        waiting.status = SignupStatus.CONFIRMED
        waiting.queued_at = None
        waiting.save(update_fields=["status", "queued_at", "updated_at"])
        return waiting
    return None


# Clock in and out -----------------------------------------------------------


class ClockRefused(ValidationError):
    pass


def post_token(*, post, day=None) -> str:
    """The signed content of a post's QR code; it rotates with the time."""
    day = day or timezone.localdate()
    return signing.TimestampSigner(salt=CLOCK_SALT).sign(f"{post.pk}:{day.isoformat()}")


def read_post_token(token: str, now=None) -> int:
    """The post id of a clock-in code, or ClockRefused."""
    now = now or timezone.now()
    try:
        value = signing.TimestampSigner(salt=CLOCK_SALT).unsign(
            token, max_age=settings.CHECKIN_TOKEN_MAX_AGE
        )
        post_id, day = value.split(":")
        post_id, day = int(post_id), datetime.date.fromisoformat(day)
    except signing.SignatureExpired as exc:
        raise ClockRefused(
            _("This code has expired. Scan the code on the screen again."),
            code="expired",
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise ClockRefused(
            _("This is not a valid clock-in code."), code="invalid"
        ) from exc
    if day != timezone.localdate(now):
        raise ClockRefused(_("This code is for another day."), code="expired")
    return post_id


def clock_scan(*, token: str, user, now=None) -> Signup:
    """Clock in (the first scan) or out (the next) on the volunteer's shift at
    the post today."""
    now = now or timezone.now()
    post_id = read_post_token(token, now)
    volunteer = selectors.volunteer_of(user)
    if volunteer is None:
        raise ClockRefused(
            _("Your account is not a volunteer's."), code="not_volunteer"
        )
    early = datetime.timedelta(
        minutes=settings.VOLUNTEER_RULES["CLOCK_IN_EARLY_MINUTES"]
    )
    with transaction.atomic():
        candidates = list(
            Signup.objects.select_for_update()
            .select_related("shift")
            .filter(
                volunteer=volunteer,
                status=SignupStatus.CONFIRMED,
                shift__post_id=post_id,
                shift__date=timezone.localdate(now),
            )
            .order_by("shift__starts_at")
        )
        # The shift under way (or about to start); else one clocked in that ended
        # a little while ago (a volunteer leaving late clocks out of it).
        under_way = [
            s
            for s in candidates
            if s.clock_out is None
            and shift_start(s.shift) - early <= now <= shift_end(s.shift)
        ]
        leaving = [
            s
            for s in candidates
            if s.clock_in is not None
            and s.clock_out is None
            and shift_end(s.shift) < now <= shift_end(s.shift) + CLOCK_OUT_GRACE
        ]
        if not (under_way or leaving):
            raise ClockRefused(
                _("You have no shift at this post now."), code="no_shift"
            )
        signup = under_way[0] if under_way else leaving[-1]
        if signup.clock_in is None:
            signup.clock_in, signup.clock_in_method = now, ClockMethod.SCAN
        else:
            signup.clock_out, signup.clock_out_method = now, ClockMethod.SCAN
        _compute(signup)
        signup.save()
    return signup


def clock_mark(
    *, signup: Signup, actor, reason: str, clock_in=None, clock_out=None
) -> Signup:
    """The coordinator sets a volunteer's clock times, with the reason."""
    _require_coordinator(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the marked time.")})
    return _set_times(
        signup,
        clock_in=clock_in,
        clock_out=clock_out,
        method=ClockMethod.COORDINATOR,
        note=reason.strip(),
    )


def _set_times(signup, *, clock_in, clock_out, method, note) -> Signup:
    with transaction.atomic():
        signup = (
            Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
        )
        if clock_in is not None:
            signup.clock_in, signup.clock_in_method = clock_in, method
        if clock_out is not None:
            signup.clock_out, signup.clock_out_method = clock_out, method
        if signup.clock_in and signup.clock_out and signup.clock_out <= signup.clock_in:
            raise ValidationError(
                {"clock_out": _("The clock-out must be after the clock-in.")}
            )
        if signup.status == SignupStatus.NO_SHOW and signup.clock_in:
            signup.status = SignupStatus.CONFIRMED
        signup.clock_note = note[:200]
        _compute(signup)
        signup.save()
    return signup


def _compute(signup: Signup) -> None:
    """Minutes actually served (clock-in to clock-out, no travel), and the
    allowance when both times fall within the tolerance of the shift's hours."""
    if signup.clock_in and signup.clock_out and signup.clock_out > signup.clock_in:
        signup.minutes = int((signup.clock_out - signup.clock_in).total_seconds() // 60)
        tolerance = datetime.timedelta(
            minutes=settings.VOLUNTEER_RULES["ALLOWANCE_TOLERANCE_MINUTES"]
        )
        signup.allowance = (
            abs(signup.clock_in - shift_start(signup.shift)) <= tolerance
            and abs(signup.clock_out - shift_end(signup.shift)) <= tolerance
        )
    else:
        signup.minutes, signup.allowance = 0, False


def clock_request_create(
    *, signup: Signup, user, clock_in, clock_out, reason: str
) -> ClockRequest:
    """A volunteer who could not scan asks the coordinator to record the times (補簽)."""
    if user is None or user.pk != signup.volunteer.user_id:
        raise PermissionDenied
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why you could not scan the code.")
    if clock_out <= clock_in:
        errors["clock_out"] = _("The clock-out must be after the clock-in.")
    if signup.status not in (SignupStatus.CONFIRMED, SignupStatus.NO_SHOW):
        errors["__all__"] = _("This shift is not one you served.")
    if timezone.localdate(clock_in) != signup.shift.date:
        errors["clock_in"] = _("The times must be on the day of the shift.")
    if errors:
        raise ValidationError(errors)
    if signup.clock_requests.filter(status=RequestStatus.PENDING).exists():
        raise ValidationError(
            _("A request for this shift is already waiting."), code="pending"
        )
    return ClockRequest.objects.create(
        signup=signup, clock_in=clock_in, clock_out=clock_out, reason=reason.strip()
    )


def clock_request_decide(
    *, request: ClockRequest, actor, approve: bool
) -> ClockRequest:
    _require_coordinator(actor)
    with transaction.atomic():
        request = ClockRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.PENDING:
            raise ValidationError(
                _("This request was decided already."), code="decided"
            )
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        request.decided_by, request.decided_at = actor, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            _set_times(
                request.signup,
                clock_in=request.clock_in,
                clock_out=request.clock_out,
                method=ClockMethod.LATE_REQUEST,
                note=request.reason,
            )
    return request


def no_shows_mark(*, now=None) -> int:
    """Confirmed volunteers of shifts that have ended without clocking in."""
    now = now or timezone.now()
    ended = [
        signup.pk
        for signup in Signup.objects.filter(
            status=SignupStatus.CONFIRMED,
            clock_in__isnull=True,
            shift__date__lte=timezone.localdate(now),
        ).select_related("shift")
        if shift_end(signup.shift) < now
    ]
    return Signup.objects.filter(pk__in=ended).update(status=SignupStatus.NO_SHOW)


# Appraisals -----------------------------------------------------------------


def self_evaluation_save(
    *, volunteer: Volunteer, user, year: int, half: int, text: str
):
    if user is None or user.pk != volunteer.user_id:
        raise PermissionDenied
    appraisal, _created = Appraisal.objects.update_or_create(
        volunteer=volunteer, year=year, half=half, defaults={"self_evaluation": text}
    )
    return appraisal


def availability_save(*, volunteer: Volunteer, user, availability: dict) -> Volunteer:
    """The weekdays and periods the volunteer can usually serve."""
    if user is None or user.pk != volunteer.user_id:
        raise PermissionDenied
    volunteer.availability = availability
    volunteer.save(update_fields=["availability"])
    return volunteer


def appraisal_save(
    *, volunteer: Volunteer, actor, year: int, half: int, rating: int, comment: str
):
    _require_coordinator(actor)
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    appraisal, _created = Appraisal.objects.update_or_create(
        volunteer=volunteer,
        year=year,
        half=half,
        defaults={"rating": rating, "comment": comment, "appraised_by": actor},
    )
    return appraisal


# Reminders and notes ----------------------------------------------------------


def reminders_send(*, now=None) -> int:
    """E-mail tomorrow's confirmed volunteers, each place once, however often
    this runs (the scheduler runs it daily)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    sent = 0
    places = Signup.objects.filter(
        status=SignupStatus.CONFIRMED, shift__date=tomorrow, reminded_at__isnull=True
    ).select_related("shift__duty", "shift__post", "volunteer__user")
    for signup in places:
        with transaction.atomic():
            claimed = Signup.objects.filter(
                pk=signup.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            shift = signup.shift
            post = shift.post.name + (
                f"（{shift.post.location}）" if shift.post.location else ""
            )
            email_queue(
                key="volunteer_shift_reminder",
                to=[signup.volunteer.user.email],
                context={
                    "volunteer_name": signup.volunteer.name,
                    "date": shift.date.isoformat(),
                    "time": f"{shift.starts_at:%H:%M}–{shift.ends_at:%H:%M}",
                    "duty": shift.duty.name,
                    "post": post,
                    "volunteer_url": _absolute(reverse("volunteers:home")),
                },
            )
            sent += 1
    return sent


def weekly_gaps_send(*, today=None, days: int = 14) -> bool:
    """The coordinators' weekly note: shifts of the coming two weeks with places
    missing, and classes with no volunteer shift at all. False when all is covered."""
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=days)
    gaps = selectors.shifts_missing(start=today, end=end)
    classes = selectors.sessions_without_volunteers(start=today, end=end)
    if not gaps and not classes:
        return False
    shifts_text = "\n".join(
        f"- {s.date:%Y-%m-%d} {s.starts_at:%H:%M}–{s.ends_at:%H:%M} {s.duty.name}"
        f" {s.post.name}: {s.needed - s.confirmed}/{s.needed}"
        for s in gaps
    )
    classes_text = "\n".join(
        f"- {s.start_date:%Y-%m-%d} {s.course.title} ({s.code})" for s in classes
    )
    email_queue(
        key="volunteer_weekly_gaps",
        to=selectors.coordinator_emails(),
        context={
            "shifts": shifts_text or "—",
            "classes": classes_text or "—",
            "coverage_url": _absolute(reverse("volunteers:coverage")),
        },
    )
    return True


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


NATIONAL_COLUMNS = (
    "身分證字號",
    "姓名",
    "服務日期",
    "服務開始時間",
    "服務結束時間",
    "服務時數",
    "服務項目",
    "服務地點",
    "備註",
)


def national_hours_rows(*, viewer, start, end) -> list[list]:
    """The rows of the national volunteer-service system's hours file for the
    shifts served between two dates (coordinators only); the volunteers' ID
    numbers are decrypted here, once, and the disclosure is logged."""
    _require_coordinator(viewer)
    served = list(selectors.served_list(viewer=viewer, start=start, end=end))
    sealed = {s.volunteer_id: s.volunteer.national_id_sealed for s in served}
    numbers = sealed_ids_disclose(
        viewer=viewer,
        sealed=sealed,
        purpose=f"national volunteer-service hours {start:%Y-%m-%d}–{end:%Y-%m-%d}",
    )
    rows = []
    for signup in served:
        shift = signup.shift
        number = numbers.get(signup.volunteer_id, "")
        clock_in = timezone.localtime(signup.clock_in)
        clock_out = timezone.localtime(signup.clock_out)
        rows.append(
            [
                number,
                signup.volunteer.name,
                f"{shift.date.year - 1911:03d}/{shift.date:%m/%d}",
                f"{clock_in:%H:%M}",
                f"{clock_out:%H:%M}",
                str(signup.hours),
                shift.duty.name,
                shift.post.name,
                "" if number else _("No national ID number on file"),
            ]
        )
    return rows
