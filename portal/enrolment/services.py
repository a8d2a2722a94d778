"""The enrolment lifecycle: register, nominate, select, wait, withdraw, substitute.

Every change of seats locks the session row first, so the last seat is given once
even when requests race (PostgreSQL row lock; SQLite serialises IMMEDIATE writers).
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Session, SessionStatus
from portal.accounts.names import display_name
from portal.accounts.selectors import hr_officer_emails, person_list, person_of
from portal.notifications.services import email_queue

from .eligibility import eligibility_check, has_rules, lock_trainee
from .models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
)
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
    from django.conf import settings

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


def enrolment_register(
    *,
    session: Session,
    trainee,
    actor=None,
    source: str = EnrolmentSource.SELF,
    check_window: bool = True,
) -> Enrolment:
    """Register ``trainee`` for ``session``: a seat, a place in line, or an application."""
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
            raise ValidationError(
                _("%(name)s is already registered for this session (%(status)s).")
                % {
                    "name": display_name(trainee),
                    "status": enrolment.get_status_display(),
                },
                code="already_registered",
            )
        _check_rules(session, trainee)
        person = person_of(trainee)
        if enrolment is None:
            enrolment = Enrolment(session=session, user=trainee)
        enrolment.session = session
        enrolment.agency = person.agency if person else None
        enrolment.source = source
        enrolment.queued_at = timezone.now()
        _place(session, enrolment, actor=actor)
    return enrolment


def _require_in_scope(viewer, trainee):
    if not person_list(viewer=viewer).filter(user=trainee).exists():
        raise PermissionDenied(_("This person is not in your agency."))


def enrolment_nominate(*, session: Session, trainee, hr_officer) -> Enrolment:
    """An HR officer nominates one of their agency's staff (薦送)."""
    _require_in_scope(hr_officer, trainee)
    return enrolment_register(
        session=session,
        trainee=trainee,
        actor=hr_officer,
        source=EnrolmentSource.NOMINATION,
    )


def enrolment_nominate_many(*, session: Session, people, hr_officer) -> list[Enrolment]:
    """Nominate several people at once (薦送): all of them, or nobody.

    Every person is tried so that every refusal is told; if there is one, nothing
    is written and the ValidationError holds each refusal under the person's id
    (a string) and, under NON_FIELD_ERRORS, that nobody was nominated.
    """
    people = list({person.pk: person for person in people}.values())
    enrolments, refused = [], {}
    with transaction.atomic():
        for person in people:
            try:
                enrolments.append(
                    enrolment_nominate(
                        session=session, trainee=person.user, hr_officer=hr_officer
                    )
                )
            except PermissionDenied as error:
                refused[str(person.pk)] = ValidationError(
                    str(error), code="out_of_scope"
                )
            except ValidationError as error:
                refused[str(person.pk)] = error
        if refused:
            refused[NON_FIELD_ERRORS] = ValidationError(
                _("Nobody on the list was nominated, as at least one was refused."),
                code="list_refused",
            )
            raise ValidationError(refused)
    return enrolments


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
        held_seat = enrolment.status == EnrolmentStatus.SELECTED
        enrolment.session = session
        _set_status(enrolment, EnrolmentStatus.WITHDRAWN, actor=actor, reason=reason)
        _send("withdrawal_confirmation", enrolment, reason=reason or "—")
        if held_seat:
            _promote_waitlist(session, actor=actor)
    return enrolment


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
        replaced_name = display_name(old.user)
        new = existing or Enrolment(session=session, user=substitute)
        person = person_of(substitute)
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
