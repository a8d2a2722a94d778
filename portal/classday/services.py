"""Class-day writes: check-in and check-out, seats, leave, meals and votes.

Every write that can race takes the session row lock (seats) or relies on a
unique constraint (one check-in a day, one meal a day, one ballot a vote), so a
repeated or concurrent request never makes a second record.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.catalog.models import Session
from cms.core.models import InstituteSettings
from cms.core.tasks import enqueue_with_transaction
from portal.accounts import national_id
from portal.accounts.access import is_organizer
from portal.accounts.models import Person
from portal.accounts.names import display_name
from portal.accounts.selectors import hr_officer_emails, person_of
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.notifications.services import email_queue
from portal.records.models import classroom_part_hours

from .attendance import attendance_sync, leave_limit
from .models import (
    Ballot,
    CheckIn,
    ClassDaySettings,
    EarlyEnd,
    LeaveRequest,
    LeaveStatus,
    Meal,
    MealChoice,
    Method,
    Seat,
    SeatAssignment,
    Vote,
    VoteOption,
    VoteStatus,
    seat_numbers,
)
from .tasks import attendance_sync_task

CHECKIN_SALT = "civiclearn.classday.checkin"
IN, OUT = "in", "out"


class CheckInRefused(Exception):
    """A scan that cannot be honoured; ``message`` says why, in the user's language."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class CheckInResult:
    enrolment: Enrolment
    checkin: CheckIn
    seat: int | None
    kind: str
    already: bool


def _require_organizer(user):
    if not is_organizer(user):
        raise PermissionDenied(_("Only the session's organizers may do this."))


def _selected(session_id, user):
    return (
        Enrolment.objects.filter(
            session_id=session_id, user=user, status=EnrolmentStatus.SELECTED
        )
        # Not the course: a page with Wagtail's wide row costs more to compile
        # and fetch than everything else a scan needs.
        .select_related("session__venue")
        .first()
    )


# Tokens ---------------------------------------------------------------------


def checkin_token(*, session: Session, kind: str = IN, day=None) -> str:
    """The signed content of the session's QR code; it rotates with the time."""
    day = day or timezone.localdate()
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign(
        f"{session.pk}:{kind}:{day.isoformat()}"
    )


def checkin_token_read(token: str):
    """(session id, kind, day) of a token, or CheckInRefused."""
    try:
        value = signing.TimestampSigner(salt=CHECKIN_SALT).unsign(
            token, max_age=settings.CHECKIN_TOKEN_MAX_AGE
        )
        session_id, kind, day = value.split(":")
        session_id, day = int(session_id), datetime.date.fromisoformat(day)
    except signing.SignatureExpired as exc:
        raise CheckInRefused(
            _("This QR code has expired. Scan the code on the screen again."),
            code="expired",
        ) from exc
    except (signing.BadSignature, ValueError) as exc:
        raise CheckInRefused(
            _("This is not a valid check-in code."), code="invalid"
        ) from exc
    if kind not in (IN, OUT):
        raise CheckInRefused(_("This is not a valid check-in code."), code="invalid")
    if day != timezone.localdate():
        raise CheckInRefused(_("This code is for another day."), code="expired")
    return session_id, kind, day


# Check-in -------------------------------------------------------------------


def checkin_scan(*, token: str, user, session: Session | None = None) -> CheckInResult:
    """A trainee scanned the session's code with their phone, signed in."""
    session_id, kind, day = checkin_token_read(token)
    if session is not None and session.pk != session_id:
        raise CheckInRefused(
            _("This code belongs to another session."), code="other_session"
        )
    enrolment = _selected(session_id, user)
    if enrolment is None:
        raise CheckInRefused(
            _("You are not a selected trainee of this session."), code="not_enrolled"
        )
    return _record(enrolment, day, kind, method=Method.QR)


def checkin_kiosk(*, session: Session, national_id_number: str, actor, kind=IN):
    """At a staffed kiosk: the trainee types their ID number, matched by its hash."""
    _require_organizer(actor)
    try:
        number = national_id.validate(national_id_number)
    except ValidationError as exc:
        raise CheckInRefused(" ".join(exc.messages), code="invalid") from exc
    person = Person.objects.filter(national_id_hash=national_id.hash_id(number)).first()
    enrolment = _selected(session.pk, person.user) if person else None
    if enrolment is None:
        raise CheckInRefused(
            _("No selected trainee of this session has this ID number."),
            code="not_enrolled",
        )
    return _record(
        enrolment, timezone.localdate(), kind, method=Method.KIOSK, actor=actor
    )


def checkin_mark(*, enrolment: Enrolment, actor, reason: str, day=None, kind=IN):
    """The organizer marks a trainee by hand; the reason is kept."""
    _require_organizer(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why you mark this by hand.")})
    if enrolment.status != EnrolmentStatus.SELECTED:
        raise ValidationError(_("Only selected trainees check in."))
    return _record(
        enrolment,
        day or timezone.localdate(),
        kind,
        method=Method.MANUAL,
        actor=actor,
        reason=reason.strip(),
    )


def _record(enrolment, day, kind, *, method, actor=None, reason=""):
    session = enrolment.session
    if day not in session.class_days():
        raise CheckInRefused(_("There is no class on this day."), code="no_class")
    existing = CheckIn.objects.filter(enrolment=enrolment, date=day).first()
    if kind == OUT:
        if existing is None:
            raise CheckInRefused(
                _("You have not checked in today."), code="not_checked_in"
            )
        already = existing.checked_out_at is not None
        if not already:
            with transaction.atomic():
                CheckIn.objects.filter(
                    pk=existing.pk, checked_out_at__isnull=True
                ).update(checked_out_at=timezone.now())
                _attendance_later(enrolment.pk)  # the day's hours, now credited
            existing.refresh_from_db()
        return CheckInResult(enrolment, existing, _seat_number(enrolment), OUT, already)
    seat = _seat_number(enrolment)
    if existing is not None:
        return CheckInResult(enrolment, existing, seat, IN, True)
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                enrolment=enrolment,
                session=session,
                date=day,
                method=method,
                recorded_by=actor if actor and actor.is_authenticated else None,
                reason=reason,
            )
            seat = seat or seat_assign(enrolment=enrolment, known_free=True)
            # The record and the hours follow in the worker, off the door's rush;
            # queued with the check-in so a crash cannot lose one of them.
            _attendance_later(enrolment.pk)
    except IntegrityError:
        # A concurrent scan of the same trainee won: answer as a repeat.
        checkin = CheckIn.objects.get(enrolment=enrolment, date=day)
        return CheckInResult(enrolment, checkin, _seat_number(enrolment), IN, True)
    return CheckInResult(enrolment, checkin, seat, IN, False)


def _attendance_later(enrolment_id):
    enqueue_with_transaction(attendance_sync_task, enrolment_id)


# Seats ----------------------------------------------------------------------


def _seat_number(enrolment):
    number = (
        Seat.objects.filter(enrolment=enrolment)
        .values_list("number", flat=True)
        .first()
    )
    return number


def seat_assign(*, enrolment: Enrolment, known_free=False) -> int | None:
    """Give the trainee the first free seat of the plan (session row locked).
    ``known_free``: the caller saw no seat for this trainee in this transaction."""
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("venue__seat_plan")
            .get(pk=enrolment.session_id)
        )
        current = None if known_free else _seat_number(enrolment)
        if current:
            return current
        taken = set(
            Seat.objects.filter(session=session).values_list("number", flat=True)
        )
        numbers = seat_numbers(session)
        free = next((n for n in numbers if n not in taken), None)
        if free is None:
            return None
        Seat.objects.create(session=session, enrolment=enrolment, number=free)
        return free


def seat_release(*, enrolment: Enrolment) -> None:
    Seat.objects.filter(enrolment=enrolment).delete()


def seat_move(*, enrolment: Enrolment, number: int, actor) -> None:
    """The organizer moves a trainee; whoever sits there takes the old seat."""
    _require_organizer(actor)
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("venue__seat_plan")
            .get(pk=enrolment.session_id)
        )
        numbers = seat_numbers(session)
        if number not in numbers:
            raise ValidationError(
                _("Seat %(number)s is not in this room's plan.") % {"number": number}
            )
        mine = Seat.objects.filter(enrolment=enrolment).first()
        other = Seat.objects.filter(session=session, number=number).first()
        if other and mine and other.pk == mine.pk:
            return
        if other:
            old = mine.number if mine else None
            if old is None:
                other.delete()
            else:
                other.number = 0  # out of the way of the unique constraint
                other.save(update_fields=["number"])
        if mine:
            mine.number = number
            mine.save(update_fields=["number"])
        else:
            Seat.objects.create(session=session, enrolment=enrolment, number=number)
        if other and mine:
            other.number = old
            other.save(update_fields=["number"])


def seat_on_status_change(*, enrolment: Enrolment, from_status: str) -> None:
    """Seats follow selection: assigned on it when so configured, freed on leaving."""
    if enrolment.status == EnrolmentStatus.SELECTED:
        settings_ = ClassDaySettings.for_session(enrolment.session)
        if settings_.seat_assignment == SeatAssignment.ON_SELECTION:
            seat_assign(enrolment=enrolment)
    elif from_status == EnrolmentStatus.SELECTED:
        seat_release(enrolment=enrolment)


# Leave ----------------------------------------------------------------------


def leave_request(
    *, enrolment: Enrolment, user, date, reason: str, hours=None, starts_at=None
):
    """A trainee asks for leave for a class day, or for hours of it (from
    ``starts_at``, if given)."""
    if enrolment.user_id != user.pk or enrolment.status != EnrolmentStatus.SELECTED:
        raise PermissionDenied(_("You can ask for leave only for your own classes."))
    session = enrolment.session
    days = session.class_days()
    errors = {}
    if date not in days:
        errors["date"] = _("There is no class on this day.")
    per_day = classroom_part_hours(session) / len(days)
    if hours is not None and (hours <= 0 or hours > per_day):
        errors["hours"] = _("Between 0 and the day's %(hours)s hours.") % {
            "hours": per_day.quantize(Decimal("0.1"))
        }
    if starts_at is not None and hours is None:
        errors["starts_at"] = _("A start time goes with leave of some hours.")
    if not (reason or "").strip():
        errors["reason"] = _("Give a reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        early_end = EarlyEnd.objects.filter(session=session, date=date).first()
        if early_end and _after_end(starts_at, early_end):
            raise ValidationError(
                {
                    "starts_at": _(
                        "The class ended at %(time)s that day; no leave is needed "
                        "after it."
                    )
                    % {"time": early_end.ended_at.strftime("%H:%M")}
                }
            )
        if LeaveRequest.objects.filter(
            enrolment=enrolment,
            date=date,
            status__in=[LeaveStatus.PENDING, LeaveStatus.APPROVED],
        ).exists():
            raise ValidationError(
                {"date": _("You have already asked for leave on this day.")}
            )
        return LeaveRequest.objects.create(
            enrolment=enrolment,
            date=date,
            hours=hours,
            starts_at=starts_at,
            reason=reason.strip(),
        )


def _after_end(starts_at, early_end) -> bool:
    return starts_at is not None and starts_at >= early_end.ended_at


def leave_hours(*, enrolment: Enrolment) -> Decimal:
    """The trainee's approved leave in hours (a whole day: the day's hours)."""
    session = enrolment.session
    per_day = classroom_part_hours(session) / len(session.class_days())
    total = Decimal("0")
    for hours in LeaveRequest.objects.filter(
        enrolment=enrolment, status=LeaveStatus.APPROVED
    ).values_list("hours", flat=True):
        total += per_day if hours is None else min(per_day, hours)
    return total


def _dismiss_if_over_limit(enrolment, actor) -> bool:
    """Withdraw (退訓) a trainee whose approved leave exceeds the course's limit."""
    limit = leave_limit(enrolment.session.course)
    taken = leave_hours(enrolment=enrolment)
    if taken <= limit:
        return False
    enrolment_services.enrolment_dismiss(
        enrolment=enrolment,
        actor=actor,
        reason=_(
            "Leave of %(taken)s hours exceeds the %(limit)s hours allowed in this "
            "class."
        )
        % {
            "taken": taken.quantize(Decimal("0.1")).normalize(),
            "limit": limit.normalize(),
        },
    )
    return True


def class_day_end_early(
    *, session: Session, date, ended_at, reason: str, actor
) -> EarlyEnd:
    """Record that a class day ended early: leave booked from the real end on is
    dropped (and its trainees' attendance recomputed); leave running past the end
    is cut at it."""
    _require_organizer(actor)
    errors = {}
    if date not in session.class_days():
        errors["date"] = _("There is no class on this day.")
    if not (reason or "").strip():
        errors["reason"] = _("Give a reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        early_end, _created = EarlyEnd.objects.update_or_create(
            session=session,
            date=date,
            defaults={
                "ended_at": ended_at,
                "reason": reason.strip()[:200],
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        touched = set()
        booked = LeaveRequest.objects.select_for_update().filter(
            enrolment__session=session,
            date=date,
            starts_at__isnull=False,
            status__in=[LeaveStatus.PENDING, LeaveStatus.APPROVED],
        )
        for leave in booked:
            if _after_end(leave.starts_at, early_end):
                leave.status = LeaveStatus.DROPPED
                leave.decision_note = _("The class ended at %(time)s.") % {
                    "time": ended_at.strftime("%H:%M")
                }
            else:
                start = datetime.datetime.combine(date, leave.starts_at)
                until_end = Decimal(
                    (datetime.datetime.combine(date, ended_at) - start).seconds
                ) / Decimal(3600)
                if leave.hours <= until_end:
                    continue
                leave.hours = until_end.quantize(Decimal("0.1"))
            leave.save(update_fields=["status", "hours", "decision_note"])
            if leave.status in (LeaveStatus.APPROVED, LeaveStatus.DROPPED):
                touched.add(leave.enrolment_id)
        for enrolment in Enrolment.objects.filter(
            pk__in=touched, status=EnrolmentStatus.SELECTED
        ).select_related("session__course"):
            attendance_sync(enrolment=enrolment)
    return early_end


def leave_decide(*, leave: LeaveRequest, actor, approve: bool, note: str = ""):
    """The organizer approves or refuses; on approval duty staff, the front desk
    and the agency's HR officers are told, and attendance follows."""
    _require_organizer(actor)
    with transaction.atomic():
        leave = (
            LeaveRequest.objects.select_for_update(of=("self",))
            .select_related("enrolment__session__course", "enrolment__agency")
            .get(pk=leave.pk)
        )
        if leave.status != LeaveStatus.PENDING:
            raise ValidationError(_("This request has already been decided."))
        leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
        leave.decided_by = actor
        leave.decided_at = timezone.now()
        leave.decision_note = (note or "").strip()[:300]
        leave.save()
        enrolment = leave.enrolment
        person = person_of(enrolment.user)
        context = {
            "trainee_name": display_name(enrolment.user),
            "agency": enrolment.agency.name if enrolment.agency_id else "",
            "course_title": enrolment.session.course.title,
            "session_code": enrolment.session.code,
            "term": enrolment.session.term,
            "date": leave.date.isoformat(),
            "hours": leave.hours if leave.hours is not None else _("whole day"),
            "reason": leave.reason,
            "decision": leave.get_status_display(),
            "note": leave.decision_note or "—",
        }
        email_queue(
            key="leave_decision",
            to=[(person.email if person else "") or enrolment.user.email],
            context=context,
        )
        if approve:
            attendance_sync(enrolment=enrolment)
            _dismiss_if_over_limit(enrolment, actor)
            site = Site.objects.filter(is_default_site=True).first()
            contacts = InstituteSettings.for_site(site) if site else None
            addresses = (
                (contacts.duty_staff_email, contacts.front_desk_email)
                if contacts
                else ()
            )
            for address in addresses:
                email_queue(key="leave_approved_notice", to=[address], context=context)
            email_queue(
                key="leave_approved_notice",
                to=hr_officer_emails(agency=enrolment.agency),
                context=context,
            )
    return leave


# Meals ----------------------------------------------------------------------


def meal_choices_save(*, enrolment: Enrolment, user, choices: dict) -> list[MealChoice]:
    """A trainee's meals, ``{day: meal}``: all saved, or none when one is refused
    (the first refusal is raised, as for a single choice)."""
    if enrolment.user_id != user.pk or enrolment.status != EnrolmentStatus.SELECTED:
        raise PermissionDenied(_("You can choose meals only for your own classes."))
    if not choices:
        return []
    session = enrolment.session
    class_day = ClassDaySettings.for_session(session)
    if not class_day.serves_meals:
        raise ValidationError(
            _("No meals are served in this session."), code="no_meals"
        )
    if not class_day.meals_open():
        raise ValidationError(
            _("Meal choices for this session have closed."), code="meals_closed"
        )
    days = session.class_days()
    for date, meal in choices.items():
        if date not in days:
            raise ValidationError(
                {
                    "date": ValidationError(
                        _("There is no class on this day."), code="no_class"
                    )
                }
            )
        if meal not in Meal.values:
            raise ValidationError(
                {
                    "meal": ValidationError(
                        _("Choose regular, vegetarian or no meal."), code="invalid"
                    )
                }
            )
    with transaction.atomic():
        return [
            MealChoice.objects.update_or_create(
                enrolment=enrolment,
                date=date,
                defaults={"meal": meal, "session": session},
            )[0]
            for date, meal in choices.items()
        ]


# Votes ----------------------------------------------------------------------


def vote_open(*, session: Session, question: str, options: list[str], actor) -> Vote:
    _require_organizer(actor)
    options = [o.strip() for o in options if o and o.strip()]
    if not (question or "").strip():
        raise ValidationError({"question": _("Ask a question.")})
    if len(options) < 2 or len(set(options)) != len(options):
        raise ValidationError({"options": _("Give at least two different options.")})
    with transaction.atomic():
        vote = Vote.objects.create(
            session=session, question=question.strip(), created_by=actor
        )
        VoteOption.objects.bulk_create(
            VoteOption(vote=vote, label=label, sort_order=i)
            for i, label in enumerate(options)
        )
    return vote


def vote_cast(*, vote: Vote, option_id: int, user) -> Ballot:
    """One ballot per trainee of the session, even when two requests race."""
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("This vote is closed."), code="vote_closed")
    if _selected(vote.session_id, user) is None:
        raise PermissionDenied(_("Only the session's trainees vote."))
    option = VoteOption.objects.filter(vote=vote, pk=option_id).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the options.")})
    try:
        with transaction.atomic():
            return Ballot.objects.create(vote=vote, option=option, user=user)
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already voted."), code="already_voted"
        ) from exc


def vote_set_status(*, vote: Vote, status: str, actor) -> Vote:
    """Close a vote, publish its results, or open it again."""
    _require_organizer(actor)
    if status not in VoteStatus.values:
        raise ValidationError(_("Unknown vote status."))
    Vote.objects.filter(pk=vote.pk).update(status=status)
    vote.status = status
    return vote
