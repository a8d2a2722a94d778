from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import DeliveryMode, Session
from portal.enrolment.models import Enrolment, EnrolmentStatus

from . import grading
from .models import (
    Attendance,
    HonoursList,
    StudyHours,
    TrainingRecord,
    classroom_part_hours,
    online_part_hours,
)

_UNCHANGED = object()


def study_hours_recompute(*, user, year: int) -> StudyHours:
    """Rebuild one line of the yearly ledger from the records (idempotent)."""
    totals = TrainingRecord.objects.filter(user=user, year=year).aggregate(
        hours=Sum("hours"), completed=Count("pk", filter=Q(completed=True))
    )
    ledger, _created = StudyHours.objects.update_or_create(
        user=user,
        year=year,
        defaults={
            "hours": totals["hours"] or Decimal("0"),
            "sessions_completed": totals["completed"] or 0,
        },
    )
    return ledger


def record_update(
    *,
    enrolment: Enrolment,
    actor,
    attendance: str,
    hours: Decimal | None = None,
    grade=_UNCHANGED,
    completed: bool | None = None,
) -> TrainingRecord:
    """Record attendance, hours and grade of a selected trainee; keep the ledger true.

    ``hours`` are those earned in class (or by hand): for blended and online
    classes the record's hours add the online part once it is finished (see
    ``record_online_complete``), so the online part never counts twice.
    ``grade`` is typed only for courses without a grade scheme (left out, it stays
    as it was); with a scheme the grade is computed from the parts, and again here
    since the attendance part follows the hours.
    """
    if enrolment.status != EnrolmentStatus.SELECTED:
        raise ValidationError(_("Only selected trainees have training records."))
    session = enrolment.session
    full_hours = classroom_part_hours(session)
    online_part = online_part_hours(session)
    scheme = session.course.grade_scheme
    if scheme is not None and grade not in (_UNCHANGED, None):
        raise ValidationError(
            _("This course's grade is computed from its parts; enter them instead."),
            code="grade_from_scheme",
        )
    if attendance not in Attendance.values:
        raise ValidationError(_("Unknown attendance status."))
    if hours is None:
        hours = full_hours if attendance == Attendance.ATTENDED else Decimal("0")
    if hours < 0 or hours > full_hours:
        if online_part:
            raise ValidationError(
                _(
                    "Classroom hours must be between 0 and %(hours)s; the online "
                    "part's %(online)s hours count once it is finished."
                )
                % {"hours": full_hours, "online": online_part},
                code="hours_out_of_range",
            )
        raise ValidationError(
            _("Hours must be between 0 and the course's %(hours)s.")
            % {"hours": full_hours}
        )
    with transaction.atomic():
        online_done = (
            TrainingRecord.objects.filter(enrolment=enrolment)
            .values_list("online_completed_at", flat=True)
            .first()
        ) is not None
        if completed is None:
            # An online class is completed when its online part is finished.
            completed = (
                online_done
                if session.effective_delivery_mode == DeliveryMode.ONLINE
                else attendance == Attendance.ATTENDED
            )
        defaults = {
            "user": enrolment.user,
            "session": session,
            "agency": enrolment.agency,
            "year": session.start_date.year,
            "attendance": attendance,
            "hours": hours + (online_part if online_done else Decimal("0")),
            "completed": completed,
            "updated_by": actor if actor and actor.is_authenticated else None,
        }
        if grade is not _UNCHANGED and scheme is None:
            defaults["grade"] = grade
        record, _created = TrainingRecord.objects.update_or_create(
            enrolment=enrolment, defaults=defaults
        )
        _regrade(record, scheme)
        study_hours_recompute(user=enrolment.user, year=record.year)
    return record


def _regrade(record, scheme) -> None:
    """Compute the grade (with a scheme) and the band, and save them if changed."""
    grade = record.grade
    if scheme is not None:
        scores = grading.part_scores(
            scheme,
            record.grade_parts,
            hours=record.hours,
            study_hours=record.session.course.study_hours,
        )
        grade = grading.weighted_grade(scheme, scores, record.grade_adjustment)
    band = grading.band_for(grade, grading.bands(scheme))
    if (grade, band) != (record.grade, record.grade_band):
        record.grade, record.grade_band = grade, band
        TrainingRecord.objects.filter(pk=record.pk).update(grade=grade, grade_band=band)


def _typed_decimal(raw) -> Decimal | None:
    """Hours or a grade as typed (or given): empty is None; NaN, infinities,
    values the column cannot hold (5 digits, 1 decimal) and NUL bytes are refused."""
    return forms.DecimalField(
        required=False, min_value=0, max_digits=5, decimal_places=1
    ).clean(raw)


def record_bulk_update(*, actor, rows: list[dict]) -> list[TrainingRecord]:
    """Attendance, hours and grades of many trainees at once (the roster), all or
    nothing. Each row: ``enrolment``, ``attendance`` and ``hours``/``grade`` as
    typed. Every refused row is named in one ValidationError keyed by enrolment
    id, and then nothing is saved."""
    records, errors = [], {}
    with transaction.atomic():
        for row in rows:
            enrolment = row["enrolment"]
            try:
                records.append(
                    record_update(
                        enrolment=enrolment,
                        actor=actor,
                        attendance=row["attendance"],
                        hours=_typed_decimal(row.get("hours")),
                        grade=_typed_decimal(row["grade"])
                        if "grade" in row
                        else _UNCHANGED,
                    )
                )
            except ValidationError as error:
                # Kept whole, codes and all.
                errors[str(enrolment.pk)] = getattr(error, "error_list", error.messages)
        if errors:
            raise ValidationError(errors)  # inside the block: everything rolls back
    return records


# Grades ---------------------------------------------------------------------


def _record_of(enrolment) -> TrainingRecord:
    if enrolment.status != EnrolmentStatus.SELECTED:
        raise ValidationError(
            _("Only selected trainees have training records."), code="not_selected"
        )
    session = enrolment.session
    record, _created = TrainingRecord.objects.select_for_update().get_or_create(
        enrolment=enrolment,
        defaults={
            "user": enrolment.user,
            "session": session,
            "agency": enrolment.agency,
            "year": session.start_date.year,
        },
    )
    return record


def record_online_complete(
    *, enrolment: Enrolment, actor, completed: bool = True, at=None
) -> TrainingRecord:
    """Record (or clear) that a trainee of a blended or online class finished its
    online part (from the e-learning platform, or an organizer's tick).

    The hours follow: the classroom hours earned plus the online part's
    (``online_part_hours``) once finished. An online class is completed (and
    attended) with its study hours when its online part is finished. Recording a
    finished part again changes nothing, whatever the time given.
    """
    session = enrolment.session
    mode = session.effective_delivery_mode
    if mode not in (DeliveryMode.BLENDED, DeliveryMode.ONLINE):
        raise ValidationError(
            _("Only blended and online classes have an online part."),
            code="not_blended",
        )
    with transaction.atomic():
        record = _record_of(enrolment)
        if bool(record.online_completed_at) == completed:
            return record
        classroom = min(record.classroom_hours, classroom_part_hours(session))
        record.online_completed_at = (at or timezone.now()) if completed else None
        record.hours = classroom + record.online_hours_earned
        fields = ["online_completed_at", "hours", "updated_by", "updated_at"]
        if mode == DeliveryMode.ONLINE:
            record.completed = completed
            record.attendance = Attendance.ATTENDED if completed else Attendance.PENDING
            fields += ["completed", "attendance"]
        record.updated_by = actor if actor and actor.is_authenticated else None
        record.save(update_fields=fields)
        _regrade(record, session.course.grade_scheme)
        study_hours_recompute(user=record.user, year=record.year)
    return record


def _score(raw, *, low, high) -> Decimal | None:
    return forms.DecimalField(
        required=False, min_value=low, max_value=high, max_digits=4, decimal_places=1
    ).clean(raw)


def grade_save(
    *, enrolment: Enrolment, actor, scores: dict, adjustment=None, reason: str = ""
) -> TrainingRecord:
    """The typed parts of a trainee's grade, and an adjustment with its reason;
    the grade and band are computed from the course's grade scheme.

    Errors are keyed by the part's key, ``adjustment`` or ``reason``.
    """
    scheme = enrolment.session.course.grade_scheme
    if scheme is None:
        raise ValidationError(
            _("This course has no grade scheme; type its grade on the roster."),
            code="no_scheme",
        )
    keys = {part.key for part in grading.entered_parts(scheme)}
    errors, typed = {}, {}
    for key in sorted(set(scores) - keys):
        errors[key] = ValidationError(
            _("%(key)s is not a part of this course's grade.") % {"key": key},
            code="unknown_part",
        )
    for key in keys:
        try:
            value = _score(scores.get(key), low=0, high=100)
        except ValidationError as error:
            errors[key] = error
            continue
        if value is not None:
            typed[key] = str(value)
    try:
        adjustment = _score(adjustment, low=-50, high=50)
    except ValidationError as error:
        errors["adjustment"] = error
    reason = (reason or "").strip()
    if adjustment and not reason:
        errors["reason"] = ValidationError(
            _("Say why the grade is adjusted."), code="reason_required"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = _record_of(enrolment)
        record.grade_parts = typed
        record.grade_adjustment = adjustment or None
        record.grade_adjustment_reason = reason[:200] if adjustment else ""
        record.updated_by = actor if actor and actor.is_authenticated else None
        record.save(
            update_fields=[
                "grade_parts",
                "grade_adjustment",
                "grade_adjustment_reason",
                "updated_by",
                "updated_at",
            ]
        )
        _regrade(record, scheme)
    return record


def grade_bulk_save(*, actor, rows: list[dict]) -> list[TrainingRecord]:
    """Many trainees' grades at once (the grades screen, a sheet), all or nothing;
    each row: ``enrolment``, ``scores``, ``adjustment``, ``reason``. Errors are
    keyed ``"<enrolment id>:<field>"`` (a part's key, adjustment or reason)."""
    records, errors = [], {}
    with transaction.atomic():
        for row in rows:
            try:
                records.append(
                    grade_save(
                        enrolment=row["enrolment"],
                        actor=actor,
                        scores=row.get("scores", {}),
                        adjustment=row.get("adjustment"),
                        reason=row.get("reason", ""),
                    )
                )
            except ValidationError as error:
                pk = row["enrolment"].pk
                if hasattr(error, "error_dict"):
                    for field, field_errors in error.error_dict.items():
                        errors[f"{pk}:{field}"] = field_errors
                else:
                    errors[f"{pk}:"] = error.error_list
        if errors:
            raise ValidationError(errors)
    return records


def _honours_list(session) -> HonoursList:
    honours, _created = HonoursList.objects.get_or_create(session=session)
    return HonoursList.objects.select_for_update().get(pk=honours.pk)


def honours_compute(*, session: Session, actor) -> list[TrainingRecord]:
    """Place the best grades of those who completed: ties share a place and all
    tied at the last place are listed. A confirmed list is not recomputed."""
    scheme = session.course.grade_scheme
    size = scheme.honours_size if scheme is not None else 3
    with transaction.atomic():
        honours = _honours_list(session)
        if honours.confirmed_at:
            raise ValidationError(
                _("The honours list is confirmed; reopen it to compute it again."),
                code="honours_confirmed",
            )
        records = TrainingRecord.objects.filter(session=session)
        graded = list(
            records.filter(completed=True, grade__isnull=False).values_list(
                "pk", "grade"
            )
        )
        places = grading.competition_ranks(graded, size)
        records.exclude(pk__in=places).update(honours_rank=None)
        for pk, place in places.items():
            records.filter(pk=pk).update(honours_rank=place)
        honours.computed_at = timezone.now()
        honours.save(update_fields=["computed_at"])
    return list(
        records.filter(honours_rank__isnull=False).order_by("honours_rank", "pk")
    )


def honours_confirm(*, session: Session, actor) -> HonoursList:
    """Keep the honours list as it is: later grade changes do not move it."""
    with transaction.atomic():
        honours = _honours_list(session)
        if honours.computed_at is None:
            raise ValidationError(
                _("Compute the honours list first."), code="honours_not_computed"
            )
        honours.confirmed_at = timezone.now()
        honours.confirmed_by = actor
        honours.save(update_fields=["confirmed_at", "confirmed_by"])
    return honours


def honours_reopen(*, session: Session, actor) -> HonoursList:
    """Let the honours list be computed again (an organizer's decision)."""
    with transaction.atomic():
        honours = _honours_list(session)
        honours.confirmed_at = None
        honours.confirmed_by = None
        honours.save(update_fields=["confirmed_at", "confirmed_by"])
    return honours


def records_follow_transfer(*, user, agency, since) -> int:
    """After a transfer: records of sessions from ``since`` on count for the new
    agency (earlier ones stay with the agency they were earned in)."""
    return TrainingRecord.objects.filter(
        user=user, session__start_date__gte=since
    ).update(agency=agency)
