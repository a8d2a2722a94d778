"""The enrolment lifecycle: register, nominate, select, wait, withdraw, substitute.

Every change of seats locks the session row first, so the last seat is given once
even when requests race (PostgreSQL row lock; SQLite serialises IMMEDIATE writers).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import (
    DeliveryMode,
    ReminderRecipients,
    Session,
    SessionStatus,
)
from portal.accounts.access import is_hr_officer, is_institute_staff
from portal.accounts.names import display_name
from portal.accounts.selectors import hr_officer_emails, person_list, person_of
from portal.notifications.services import email_queue

from .eligibility import (
    eligibility_check,
    eligibility_errors,
    has_rules,
    last_completion,
    lock_trainee,
)
from .models import (
    OPEN_STATUSES,
    ChangeKind,
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
    HRChange,
    Reminder,
    ReminderKind,
)
from .selectors import hr_changes_used
from .signals import enrolment_status_changed


def _lock_session(session_id) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course", "venue")
        .get(pk=session_id)
    )


def _event(enrolment, from_status, actor, reason=""):
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=from_status or "",
        to_status=enrolment.status,
        actor=actor if actor and actor.is_authenticated else None,
        reason=reason[:255],
    )


def _set_status(enrolment, status, *, actor, reason=""):
    before = enrolment.status if enrolment.pk else ""
    enrolment.status = status
    if status == EnrolmentStatus.WAITLISTED:
        enrolment.queued_at = enrolment.queued_at or timezone.now()
    enrolment.save()
    _event(enrolment, before, actor, reason)
    enrolment_status_changed.send(
        sender=Enrolment, enrolment=enrolment, from_status=before
    )


# Seats ----------------------------------------------------------------------


def _selected(session):
    return Enrolment.objects.filter(session=session, status=EnrolmentStatus.SELECTED)


def _quota_for(session, agency):
    """The quota covering ``agency`` (its own or an ancestor's), if any."""
    if agency is None:
        return None
    quotas = [
        q for q in session.agency_quotas.select_related("agency")
        if agency.path.startswith(q.agency.path)
    ]  # fmt: skip
    return max(quotas, key=lambda q: len(q.agency.path), default=None)


def _has_seat(session, agency) -> bool:
    """A free seat for someone of ``agency``, within capacity and quotas.

    An agency with a quota may fill at most its quota; people of other agencies
    share the seats that no quota reserves.
    """
    selected = _selected(session)
    if selected.count() >= session.capacity:
        return False
    quotas = list(session.agency_quotas.select_related("agency"))
    if not quotas:
        return True
    quota = _quota_for(session, agency)
    if quota is not None:
        return selected.filter(agency__path__startswith=quota.agency.path).count() < (
            quota.seats
        )
    reserved = sum(q.seats for q in quotas)
    in_quota = Q()
    for q in quotas:
        in_quota |= Q(agency__path__startswith=q.agency.path)
    unreserved_taken = selected.exclude(in_quota).count()
    return unreserved_taken < session.capacity - reserved


def _waitlist_position(enrolment) -> int:
    return (
        Enrolment.objects.filter(
            session_id=enrolment.session_id, status=EnrolmentStatus.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=enrolment.queued_at)
            | Q(queued_at=enrolment.queued_at, pk__lte=enrolment.pk)
        )
        .count()
    )


# Notifications --------------------------------------------------------------


def _mail_context(enrolment, **extra):
    session = enrolment.session
    venue = session.venue
    context = {
        "trainee_name": display_name(enrolment.user),
        "agency": enrolment.agency.name if enrolment.agency_id else "",
        "course_title": session.course.title,
        "session_code": session.code,
        "term": session.term,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "venue": f"{venue.name}，{venue.address}" if venue else _("Online"),
        "course_url": session.course.full_url or "",
        "my_classes_url": _absolute(reverse("portal:my_classes")),
    }
    context.update(extra)
    return context


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _trainee_address(enrolment):
    person = person_of(enrolment.user)
    return (person.email if person and person.email else "") or enrolment.user.email


def _hr_addresses(enrolment):
    """E-mail addresses of the HR officers of the enrolment's agency (or above it)."""
    return hr_officer_emails(agency=enrolment.agency)


def _send(key, enrolment, **extra):
    context = _mail_context(enrolment, **extra)
    email_queue(key=key, to=[_trainee_address(enrolment)], context=context)


def _summons(enrolment, *, key="summons"):
    _send(key, enrolment)
    hr = _hr_addresses(enrolment)
    if hr:
        email_queue(key="summons_hr_copy", to=hr, context=_mail_context(enrolment))


# Lifecycle -------------------------------------------------------------------


def _place(session, enrolment, *, actor, reason=""):
    """Give a seat now (first come) or put in line; or leave for manual selection."""
    if session.selection_mode == "first_come":
        if _has_seat(session, enrolment.agency):
            _set_status(enrolment, EnrolmentStatus.SELECTED, actor=actor, reason=reason)
            _summons(enrolment)
        else:
            _set_status(
                enrolment, EnrolmentStatus.WAITLISTED, actor=actor, reason=reason
            )
            _send("waitlisted", enrolment, position=_waitlist_position(enrolment))
    else:
        _set_status(enrolment, EnrolmentStatus.APPLIED, actor=actor, reason=reason)


def _check_rules(session, trainee):
    """The course's eligibility rules, with the trainee's row locked (see eligibility)."""
    if has_rules(session.course):
        lock_trainee(trainee)
        eligibility_check(session=session, trainee=trainee)


def _already_registered(trainee, enrolment) -> ValidationError:
    return ValidationError(
        _("%(name)s is already registered for this session (%(status)s).")
        % {"name": display_name(trainee), "status": enrolment.get_status_display()},
        code="already_registered",
    )


def enrolment_register(
    *,
    session: Session,
    trainee,
    actor=None,
    source: str = EnrolmentSource.SELF,
    check_window: bool = True,
    reason: str = "",
) -> Enrolment:
    """Register ``trainee`` for ``session``: a seat, a place in line, or an application
    (``reason`` goes into the enrolment's history)."""
    actor = actor or trainee
    with transaction.atomic():
        session = _lock_session(session.pk)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(
                _("This session has been cancelled."), code="cancelled"
            )
        if check_window and not session.is_open_for_registration:
            raise ValidationError(
                _("Registration for this session is not open."), code="not_open"
            )
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(session=session, user=trainee)
            .first()
        )
        if enrolment is not None and enrolment.status in OPEN_STATUSES:
            raise _already_registered(trainee, enrolment)
        _check_rules(session, trainee)
        person = person_of(trainee)
        if enrolment is None:
            enrolment = Enrolment(session=session, user=trainee)
        enrolment.session = session
        enrolment.agency = person.agency if person else None
        enrolment.source = source
        enrolment.queued_at = timezone.now()
        _place(session, enrolment, actor=actor, reason=reason)
    return enrolment


# Changes by HR offices ---------------------------------------------------------


def _as_hr_office(actor, enrolment) -> bool:
    """Whether ``actor`` changes someone else's enrolment as their HR office
    (the institute's staff are not bound by the HR rules)."""
    return (
        actor is not None
        and actor.pk != enrolment.user_id
        and is_hr_officer(actor)
        and not is_institute_staff(actor)
    )


def _check_hr_change(session, enrolment, kind):
    """The session's rules for HR offices' changes: a cut-off, the kinds
    allowed, a quota per agency, and nothing once the trainee checked in."""
    if session.hr_changes_close_at and timezone.now() > session.hr_changes_close_at:
        raise ValidationError(
            _("Changes to this class closed on %(at)s.")
            % {
                "at": timezone.localtime(session.hr_changes_close_at).strftime(
                    "%Y-%m-%d %H:%M"
                )
            },
            code="changes_closed",
        )
    allowed = {
        ChangeKind.SUBSTITUTE: session.hr_may_substitute,
        ChangeKind.TRANSFER: session.hr_may_transfer,
        ChangeKind.WITHDRAW: session.hr_may_withdraw,
    }
    if not allowed[kind]:
        raise ValidationError(
            _("This class does not allow HR offices to %(change)s.")
            % {"change": ChangeKind(kind).label.lower()},
            code="change_not_allowed",
        )
    if enrolment.checkins.exists():
        raise ValidationError(
            _("%(name)s has checked in; the registration can no longer be changed.")
            % {"name": display_name(enrolment.user)},
            code="checked_in",
        )
    if session.hr_change_quota is not None:
        used = hr_changes_used(session=session, agency=enrolment.agency)
        if used >= session.hr_change_quota:
            raise ValidationError(
                _("Your agency has used its %(quota)s changes for this class.")
                % {"quota": session.hr_change_quota},
                code="change_quota",
            )


def _record_hr_change(session, enrolment, kind, actor):
    HRChange.objects.create(
        session=session, agency=enrolment.agency, enrolment=enrolment, kind=kind,
        actor=actor,
    )  # fmt: skip


def _same_bureau(a, b) -> bool:
    """Whether two agencies belong to the same bureau (局處) of the city."""
    if a is None or b is None:
        return a == b
    return a.bureau_path == b.bureau_path


def _require_in_scope(viewer, trainee):
    if not person_list(viewer=viewer).filter(user=trainee).exists():
        raise PermissionDenied(_("This person is not in your agency."))


def _completion_refusal(session, trainee):
    """Refuse someone who completed the course already (any session of it), naming
    the date; the course's own rules are told too, as ticking "retake" cannot
    lift them."""
    done = last_completion(trainee=trainee, course=session.course)
    if done is None:
        return None, None
    errors = [
        ValidationError(
            _(
                "%(name)s already completed %(course)s on %(date)s. To nominate them "
                'again on purpose, tick "Nominate again (retake on purpose)".'
            )
            % {
                "name": display_name(trainee),
                "course": session.course.title,
                "date": done.session.end_date.isoformat(),
            },
            code="already_completed",
        )
    ]
    if has_rules(session.course):
        errors += eligibility_errors(session=session, trainee=trainee)
    return done, errors


def enrolment_nominate(
    *, session: Session, trainee, hr_officer, retake: bool = False
) -> Enrolment:
    """An HR officer nominates one of their agency's staff (薦送).

    Someone who already completed the course is refused unless ``retake`` says the
    HR officer nominates them again on purpose (written in the enrolment's
    history); the course's eligibility rules apply either way."""
    _require_in_scope(hr_officer, trainee)
    # Told first (the locked check in enrolment_register stays the one that counts):
    # someone in the class already needs no word about an earlier completion.
    current = Enrolment.objects.filter(
        session=session, user=trainee, status__in=OPEN_STATUSES
    ).first()
    if current is not None:
        raise _already_registered(trainee, current)
    done, errors = _completion_refusal(session, trainee)
    if done is not None and not retake:
        raise ValidationError(errors)
    reason = ""
    if done is not None:
        reason = _("Nominated again on purpose (retake); completed on %(date)s") % {
            "date": done.session.end_date.isoformat()
        }
    return enrolment_register(
        session=session,
        trainee=trainee,
        actor=hr_officer,
        source=EnrolmentSource.NOMINATION,
        reason=reason,
    )


@dataclass
class NominationOutcome:
    """What a list nomination did: who was nominated, and who was refused and why
    (a ValidationError by person id)."""

    nominated: list[Enrolment] = field(default_factory=list)
    refused: dict[int, ValidationError] = field(default_factory=dict)


def enrolment_nominate_many(
    *, session: Session, people, hr_officer, retake: bool = False
) -> NominationOutcome:
    """Nominate several people at once (薦送): each one who may be, and tell why the
    others were refused.

    Atomicity: each person is nominated in a savepoint of their own, so a refusal
    leaves no trace of that person (no enrolment, no e-mail) and does not stop the
    others; the whole list runs in one transaction, so an unexpected error (the
    database failing) leaves nothing at all. A person named twice counts once."""
    people = list({person.pk: person for person in people}.values())
    outcome = NominationOutcome()
    with transaction.atomic():
        for person in people:
            try:
                outcome.nominated.append(
                    enrolment_nominate(
                        session=session,
                        trainee=person.user,
                        hr_officer=hr_officer,
                        retake=retake,
                    )
                )
            except PermissionDenied as error:
                outcome.refused[person.pk] = ValidationError(
                    str(error), code="out_of_scope"
                )
            except ValidationError as error:
                outcome.refused[person.pk] = error
    return outcome


def enrolment_select(*, enrolment: Enrolment, actor, reason="") -> Enrolment:
    """The organizer gives an applicant or waiting trainee a seat."""
    with transaction.atomic():
        session = _lock_session(enrolment.session_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (
            EnrolmentStatus.APPLIED,
            EnrolmentStatus.WAITLISTED,
        ):
            raise ValidationError(
                _("Only applicants and waiting trainees can be selected."),
                code="not_selectable",
            )
        if _selected(session).count() >= session.capacity:
            raise ValidationError(_("The session is full."), code="full")
        enrolment.session = session
        _set_status(enrolment, EnrolmentStatus.SELECTED, actor=actor, reason=reason)
        _summons(enrolment)
    return enrolment


def enrolment_refuse(*, enrolment: Enrolment, actor, reason="") -> Enrolment:
    """The organizer does not select an applicant."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (
            EnrolmentStatus.APPLIED,
            EnrolmentStatus.WAITLISTED,
        ):
            raise ValidationError(
                _("Only applicants and waiting trainees can be refused."),
                code="not_refusable",
            )
        _set_status(enrolment, EnrolmentStatus.REFUSED, actor=actor, reason=reason)
    return enrolment


def selection_run(*, session: Session, actor) -> dict:
    """Select applicants in order of application within capacity and quotas."""
    counts = {"selected": 0, "waitlisted": 0}
    with transaction.atomic():
        session = _lock_session(session.pk)
        applicants = Enrolment.objects.filter(
            session=session, status=EnrolmentStatus.APPLIED
        ).select_related("agency", "user", "session__course", "session__venue")
        for enrolment in applicants.order_by("queued_at", "pk"):
            if _has_seat(session, enrolment.agency):
                _set_status(enrolment, EnrolmentStatus.SELECTED, actor=actor)
                _summons(enrolment)
                counts["selected"] += 1
            else:
                _set_status(enrolment, EnrolmentStatus.WAITLISTED, actor=actor)
                _send("waitlisted", enrolment, position=_waitlist_position(enrolment))
                counts["waitlisted"] += 1
    return counts


def _promote_waitlist(session, *, actor) -> list[Enrolment]:
    """Fill free seats from the waiting list, in order; each promoted trainee is told."""
    promoted = []
    waiting = (
        Enrolment.objects.filter(session=session, status=EnrolmentStatus.WAITLISTED)
        .select_related("agency", "user")
        .order_by("queued_at", "pk")
    )
    for enrolment in waiting:
        if _selected(session).count() >= session.capacity:
            break
        if not _has_seat(session, enrolment.agency):
            continue
        enrolment.session = session
        _set_status(
            enrolment,
            EnrolmentStatus.SELECTED,
            actor=actor,
            reason=_("Promoted from the waiting list"),
        )
        _summons(enrolment, key="waitlist_promotion")
        promoted.append(enrolment)
    return promoted


def enrolment_withdraw(*, enrolment: Enrolment, actor, reason="") -> Enrolment:
    """Withdraw (退訓/取消報名); a freed seat goes to the first trainee in line."""
    with transaction.atomic():
        session = _lock_session(enrolment.session_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in OPEN_STATUSES:
            raise ValidationError(
                _("This registration is no longer active."), code="inactive"
            )
        if _as_hr_office(actor, enrolment):
            _check_hr_change(session, enrolment, ChangeKind.WITHDRAW)
            _record_hr_change(session, enrolment, ChangeKind.WITHDRAW, actor)
        elif actor is not None and actor.pk == enrolment.user_id:
            _check_self_withdrawal(session)
        held_seat = enrolment.status == EnrolmentStatus.SELECTED
        enrolment.session = session
        _set_status(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, reason=reason)
        _send("withdrawal_confirmation", enrolment, reason=reason or "—")
        if held_seat:
            _promote_waitlist(session, actor=actor)
    return enrolment


def self_withdrawal_until(session) -> datetime.date:
    """The last day a trainee may withdraw themself from ``session``."""
    days = settings.TRAINING_RULES["SELF_WITHDRAWAL_DAYS_BEFORE"]
    return session.start_date - datetime.timedelta(days=days)


def self_withdrawal_open(session) -> bool:
    """Whether a trainee may still withdraw themself from ``session`` today."""
    return timezone.localdate() <= self_withdrawal_until(session)


def _check_self_withdrawal(session):
    until = self_withdrawal_until(session)
    if not self_withdrawal_open(session):
        raise ValidationError(
            _(
                "Withdrawal closed on %(date)s. Ask for leave on the class-day page "
                "instead, or ask your HR office."
            )
            % {"date": until.isoformat()},
            code="withdrawal_closed",
        )


def enrolment_dismiss(*, enrolment: Enrolment, actor, reason: str) -> Enrolment:
    """退訓: a selected trainee is withdrawn from a class under way for breaking a
    training rule. The seat is not offered again (the class has begun); the
    trainee and their agency's HR officers are told why."""
    with transaction.atomic():
        session = _lock_session(enrolment.session_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != EnrolmentStatus.SELECTED:
            raise ValidationError(
                _("Only a selected trainee can be withdrawn from the class."),
                code="not_selected",
            )
        enrolment.session = session
        _set_status(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, reason=reason)
        _send("dismissal", enrolment, reason=reason)
        hr = _hr_addresses(enrolment)
        if hr:
            email_queue(
                key="dismissal_hr_copy",
                to=hr,
                context=_mail_context(enrolment, reason=reason),
            )
    return enrolment


def enrolment_transfer(
    *, enrolment: Enrolment, to_session: Session, actor, reason: str = ""
) -> Enrolment:
    """Move a registration to another term of the same course (改期): out of this
    one (its seat goes to the waiting list) and registered in the other, or
    neither. HR offices are bound by the class's change rules."""
    if to_session.course_id != enrolment.session.course_id or (
        to_session.pk == enrolment.session_id
    ):
        raise ValidationError(
            _("Choose another term of the same course."), code="not_same_course"
        )
    with transaction.atomic():
        # Both sessions locked in one order, so two opposite moves cannot deadlock.
        for pk in sorted([enrolment.session_id, to_session.pk]):
            _lock_session(pk)
        old = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if old.status not in OPEN_STATUSES:
            raise ValidationError(
                _("This registration is no longer active."), code="inactive"
            )
        session = old.session
        if _as_hr_office(actor, old):
            _check_hr_change(session, old, ChangeKind.TRANSFER)
            _record_hr_change(session, old, ChangeKind.TRANSFER, actor)
        held_seat = old.status == EnrolmentStatus.SELECTED
        _set_status(
            old,
            EnrolmentStatus.WITHDRAWN,
            actor=actor,
            reason=reason or _("Moved to term %(term)s") % {"term": to_session.term},
        )
        new = enrolment_register(
            session=to_session,
            trainee=old.user,
            actor=actor,
            source=EnrolmentSource.TRANSFER,
        )
        if held_seat:
            _promote_waitlist(session, actor=actor)
    return new


def enrolment_substitute(
    *, enrolment: Enrolment, substitute, hr_officer, reason=""
) -> Enrolment:
    """An HR officer sends a colleague in place of a nominee; the seat stays taken."""
    _require_in_scope(hr_officer, enrolment.user)
    _require_in_scope(hr_officer, substitute)
    with transaction.atomic():
        session = _lock_session(enrolment.session_id)
        old = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if old.status not in OPEN_STATUSES:
            raise ValidationError(
                _("This registration is no longer active."), code="inactive"
            )
        if session.start_date <= timezone.localdate():
            raise ValidationError(
                _(
                    "The class began on %(date)s: a substitute can be sent only "
                    "before it starts."
                )
                % {"date": session.start_date.isoformat()},
                code="started",
            )
        existing = (
            Enrolment.objects.select_for_update()
            .filter(session=session, user=substitute)
            .first()
        )
        if existing is not None and existing.status in OPEN_STATUSES:
            raise ValidationError(
                _("The substitute is already registered for this session."),
                code="already_registered",
            )
        _check_rules(session, substitute)
        person = person_of(substitute)
        if _as_hr_office(hr_officer, old):
            _check_hr_change(session, old, ChangeKind.SUBSTITUTE)
            if not _same_bureau(person.agency if person else None, old.agency):
                raise ValidationError(
                    _("A substitute must be of the same agency as %(name)s.")
                    % {"name": display_name(old.user)},
                    code="other_agency",
                )
            _record_hr_change(session, old, ChangeKind.SUBSTITUTE, hr_officer)
        replaced_name = display_name(old.user)
        new = existing or Enrolment(session=session, user=substitute)
        new.agency = person.agency if person else old.agency
        new.source = EnrolmentSource.SUBSTITUTION
        new.queued_at = old.queued_at
        status = old.status
        old.session = session
        _set_status(old, EnrolmentStatus.SUBSTITUTED, actor=hr_officer, reason=reason)
        new.session = session
        _set_status(new, status, actor=hr_officer, reason=reason)
        if status == EnrolmentStatus.SELECTED:
            _send("summons", new)
        hr = _hr_addresses(new)
        if hr:
            email_queue(
                key="substitution_hr_copy",
                to=hr,
                context=_mail_context(new, replaced_name=replaced_name),
            )
    return new


# Reminders ------------------------------------------------------------------

_REMINDER_KEYS = {
    ReminderKind.BLENDED_SIGNUP: ("blended_signup_reminder", None),
    ReminderKind.BLENDED_UNFINISHED: ("blended_unfinished", "blended_unfinished_hr"),
}


def _blended_due(kind, starts, today):
    blended = Q(session__delivery_mode=DeliveryMode.BLENDED) | Q(
        session__delivery_mode="", session__course__delivery_mode=DeliveryMode.BLENDED
    )
    return (
        Enrolment.objects.filter(
            blended,
            status=EnrolmentStatus.SELECTED,
            session__start_date__in=starts,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(session__course__blended_reminders_to=ReminderRecipients.NOBODY)
        .exclude(record__online_completed_at__isnull=False)
        .exclude(
            pk__in=Reminder.objects.filter(kind=kind, day=today).values("enrolment_id")
        )
        .select_related("session__course", "session__venue", "agency", "user")
    )


def reminders_send(*, today=None) -> dict:
    """Remind the trainees of blended classes (or their HR offices, as the course
    says) to sign up for the online part before the start, and to finish it,
    on the days TRAINING_RULES names. Each reminder is sent once a day, however
    often this runs: the scheduler calls it every few minutes."""
    today = today or timezone.localdate()
    rules = settings.TRAINING_RULES
    plans = {
        ReminderKind.BLENDED_SIGNUP: [
            today + datetime.timedelta(days=d)
            for d in rules["BLENDED_SIGNUP_REMINDER_DAYS"]
        ],
        ReminderKind.BLENDED_UNFINISHED: [
            today - datetime.timedelta(days=d)
            for d in rules["BLENDED_UNFINISHED_REMINDER_DAYS"]
        ],
    }
    counts = dict.fromkeys(plans, 0)
    for kind, starts in plans.items():
        trainee_key, hr_key = _REMINDER_KEYS[kind]
        for enrolment in _blended_due(kind, starts, today):
            recipients = enrolment.session.course.blended_reminders_to
            try:
                with transaction.atomic():
                    Reminder.objects.create(enrolment=enrolment, kind=kind, day=today)
                    context = _mail_context(
                        enrolment, elearning_url=enrolment.session.course.elearning_url
                    )
                    if recipients in (
                        ReminderRecipients.TRAINEE,
                        ReminderRecipients.BOTH,
                    ):
                        email_queue(
                            key=trainee_key,
                            to=[_trainee_address(enrolment)],
                            context=context,
                        )
                    if hr_key and recipients in (
                        ReminderRecipients.HR,
                        ReminderRecipients.BOTH,
                    ):
                        email_queue(
                            key=hr_key, to=_hr_addresses(enrolment), context=context
                        )
            except IntegrityError:
                continue  # another run sent it meanwhile
            counts[kind] += 1
    return counts


# People who move or leave (the HR system's feed) -----------------------------


def enrolments_follow_transfer(*, user, agency, since) -> int:
    """After a transfer: the person's open enrolments in sessions from ``since``
    on belong to the new agency, whose HR office manages them from then; the
    seat is kept. Earlier classes stay with the agency they were taken for."""
    return Enrolment.objects.filter(
        user=user, status__in=OPEN_STATUSES, session__start_date__gte=since
    ).update(agency=agency)


def enrolments_withdraw_leaver(*, user, since, reason: str) -> int:
    """A leaver's open enrolments in sessions from ``since`` on are withdrawn,
    so the seats go to the waiting lists."""
    withdrawn = 0
    for enrolment in Enrolment.objects.filter(
        user=user, status__in=OPEN_STATUSES, session__start_date__gte=since
    ):
        enrolment_withdraw(enrolment=enrolment, actor=None, reason=reason)
        withdrawn += 1
    return withdrawn
