"""Fee statements: compute from the timetable, adjust with a reason, confirm or
dispute, pay. The arithmetic is ``rules.py``; rates and settings are rows."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import TimetableEntry
from portal.accounts import access
from portal.lecturers.models import DistanceBand, LecturerCategory, LecturerProfile
from portal.notifications.services import email_queue

from . import rules
from .models import (
    FeeAdjustment,
    FeeEvent,
    FeeLine,
    FeeRate,
    FeeSettings,
    FeeStatement,
    LineKind,
    StatementStatus,
)

# Statements the organizer may still change (compute, add, adjust).
OPEN = {StatementStatus.PENDING, StatementStatus.DISPUTED}
MANUAL_KINDS = {LineKind.MATERIALS, LineKind.TRAVEL, LineKind.CASE}


def _require_organizer(actor):
    if not access.is_organizer(actor):
        raise PermissionDenied(_("Only organizers manage lecture fees."))


def settings_on(day: datetime.date) -> FeeSettings:
    """The fee settings in force on ``day``, or a ValidationError."""
    found = FeeSettings.objects.in_force_on(day).order_by("-effective_from").first()
    if found is None:
        raise ValidationError(
            _("No fee settings are in force on %(date)s."),
            code="no_settings",
            params={"date": day},
        )
    return found


class _Rates:
    """The rate rows of every category, read once per computation."""

    def __init__(self):
        self.rows = {}
        for rate in FeeRate.objects.all():
            self.rows.setdefault(rate.category, []).append(rate)

    def on(self, category, day) -> int:
        row = rules.rate_on(self.rows.get(category, []), day)
        if row is None:
            raise ValidationError(
                _("No fee rate for “%(category)s” is in force on %(date)s."),
                code="no_rate",
                params={"category": LecturerCategory(category).label, "date": day},
            )
        return row.amount


def _entries(session, lecturer):
    return [
        rules.Entry(date=e.date, start=e.start_time, end=e.end_time, topic=e.topic)
        for e in TimetableEntry.objects.filter(session=session, lecturer=lecturer)
    ]


def _assistant_rate(*, session, block, rates, share, assistant_lecturer_id):
    """A share of the rate of the lecturer teaching at the same time."""
    others = (
        TimetableEntry.objects.filter(session=session, date=block.date)
        .exclude(lecturer_id=assistant_lecturer_id)
        .exclude(lecturer__isnull=True)
        .filter(start_time__lt=block.end, end_time__gt=block.start)
        .select_related("lecturer__profile")
    )
    best = None
    for entry in others:
        profile = getattr(entry.lecturer, "profile", None)
        if profile is None or profile.category == LecturerCategory.ASSISTANT:
            continue
        amount = rates.on(profile.category, block.date)
        best = amount if best is None else max(best, amount)
    if best is None:
        raise ValidationError(
            _(
                "The assistant's period on %(date)s has no lecturer teaching at "
                "the same time, so the assistant's rate cannot be set."
            ),
            code="assistant_without_lecturer",
            params={"date": block.date},
        )
    return rules.assistant_rate(best, share)


def _totals(statement: FeeStatement):
    """Recompute the totals and withholding from the lines."""
    lines = list(statement.lines.all())
    teaching = sum(li.amount for li in lines if li.kind == LineKind.TEACHING)
    materials = sum(li.amount for li in lines if li.kind == LineKind.MATERIALS)
    fee_settings = settings_on(statement.date)
    if materials > rules.materials_cap(teaching, fee_settings.materials_cap):
        raise ValidationError(
            _(
                "The materials fee (NT$%(materials)s) is more than %(share)s%% of "
                "the teaching fee (NT$%(teaching)s)."
            ),
            code="materials_over_cap",
            params={
                "materials": materials,
                "teaching": teaching,
                "share": int(fee_settings.materials_cap * 100),
            },
        )
    statement.taxable_total = sum(
        li.amount for li in lines if li.kind != LineKind.TRAVEL
    )
    statement.travel_total = sum(
        li.amount for li in lines if li.kind == LineKind.TRAVEL
    )
    held = rules.withholding(statement.taxable_total, fee_settings)
    statement.premium = held.premium
    statement.tax = held.tax
    statement.net_total = (
        statement.taxable_total + statement.travel_total - held.premium - held.tax
    )
    statement.save()


def _event(statement, *, from_status, actor, note="", line=None):
    FeeEvent.objects.create(
        statement=statement,
        from_status=from_status,
        to_status=statement.status,
        actor=actor,
        note=note,
        line=line,
    )


def _locked(statement):
    return ValidationError(
        _("A statement that is “%(status)s” can no longer be changed."),
        code="statement_locked",
        params={"status": StatementStatus(statement.status).label},
    )


@transaction.atomic
def statement_compute(
    *, session, profile: LecturerProfile, actor, rates: _Rates | None = None
) -> FeeStatement:
    """Create or recompute the statement of ``profile`` for ``session`` from the
    timetable; adjusted amounts and manual lines are kept."""
    _require_organizer(actor)
    blocks = rules.blocks_from_entries(_entries(session, profile.lecturer_id))
    if not blocks:
        raise ValidationError(
            _("This lecturer has no periods in this session's timetable."),
            code="no_periods",
        )
    rates = rates or _Rates()
    day = blocks[-1].date
    share = settings_on(day).assistant_share
    statement = (
        FeeStatement.objects.select_for_update()
        .filter(session=session, lecturer=profile)
        .first()
    )
    if statement is not None and statement.status not in OPEN:
        raise _locked(statement)
    if statement is None:
        statement = FeeStatement.objects.create(
            session=session, lecturer=profile, category=profile.category, date=day
        )
        from_status = ""
    else:
        from_status = statement.status
    statement.category = profile.category
    statement.date = day
    statement.computed_at = timezone.now()
    existing = {
        line.key: line for line in statement.lines.filter(kind=LineKind.TEACHING)
    }
    for block in blocks:
        if profile.category == LecturerCategory.ASSISTANT:
            rate = _assistant_rate(
                session=session,
                block=block,
                rates=rates,
                share=share,
                assistant_lecturer_id=profile.lecturer_id,
            )
        else:
            rate = Decimal(rates.on(profile.category, block.date))
        computed = rules.line_amount(block.periods, rate)
        line = existing.pop(block.key, None) or FeeLine(
            statement=statement, kind=LineKind.TEACHING, key=block.key
        )
        line.date = block.date
        line.description = (
            f"{block.date:%Y-%m-%d} {block.start:%H:%M}–{block.end:%H:%M} "
            + "、".join(block.topics)
        )[:300]
        line.minutes = block.minutes
        line.periods = block.periods
        line.rate = rate
        line.computed_amount = computed
        if not line.adjusted:
            line.amount = computed
        line.save()
    for gone in existing.values():  # no longer in the timetable
        gone.delete()
    statement.status = StatementStatus.PENDING
    _totals(statement)
    _event(statement, from_status=from_status, actor=actor, note="computed")
    return statement


def session_statements_compute(*, session, actor) -> list[FeeStatement]:
    """Compute the statement of every lecturer with a profile in the timetable;
    locked statements are left as they are."""
    _require_organizer(actor)
    rates = _Rates()
    profiles = LecturerProfile.objects.filter(
        lecturer__timetable_entries__session=session
    ).distinct()
    done = []
    for profile in profiles:
        existing = FeeStatement.objects.filter(session=session, lecturer=profile)
        if existing.exclude(status__in=OPEN).exists():
            continue
        done.append(
            statement_compute(
                session=session, profile=profile, actor=actor, rates=rates
            )
        )
    return done


def _reason_required(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason."), code="reason_required")}
        )
    return reason


@transaction.atomic
def statement_line_add(
    *,
    statement: FeeStatement,
    actor,
    kind: str,
    amount: int,
    reason: str,
    description: str = "",
) -> FeeLine:
    """A materials fee, travel at cost or a per-case fee, with its reason."""
    _require_organizer(actor)
    statement = FeeStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status not in OPEN:
        raise _locked(statement)
    reason = _reason_required(reason)
    if kind not in MANUAL_KINDS:
        raise ValidationError(
            {"kind": ValidationError(_("Choose a kind of line."), code="invalid_kind")}
        )
    if amount is None or amount < 0:
        raise ValidationError(
            {"amount": ValidationError(_("Give an amount."), code="invalid_amount")}
        )
    if kind == LineKind.TRAVEL:
        profile = statement.lecturer
        if (
            profile.category != LecturerCategory.OUTSIDE
            or profile.distance_band
            not in (
                DistanceBand.FAR,
                DistanceBand.ABROAD,
            )
        ):
            raise ValidationError(
                _(
                    "Travel is paid only to outside lecturers coming from 30 km "
                    "or more."
                ),
                code="travel_not_eligible",
            )
    line = FeeLine.objects.create(
        statement=statement,
        kind=kind,
        date=statement.date,
        description=(description or LineKind(kind).label)[:300],
        computed_amount=amount,
        amount=amount,
        adjusted=True,
        reason=reason,
    )
    FeeAdjustment.objects.create(
        statement=statement,
        line=line,
        line_description=line.description,
        old_amount=None,
        new_amount=amount,
        reason=reason,
        actor=actor,
    )
    from_status = statement.status
    statement.status = StatementStatus.PENDING
    _totals(statement)
    _event(statement, from_status=from_status, actor=actor, note=reason, line=line)
    return line


@transaction.atomic
def statement_line_adjust(*, line: FeeLine, actor, amount: int, reason: str) -> FeeLine:
    """Change a line's amount, recorded with who, when, the old and new amount
    and the reason; a recomputation keeps it."""
    _require_organizer(actor)
    statement = FeeStatement.objects.select_for_update().get(pk=line.statement_id)
    if statement.status not in OPEN:
        raise _locked(statement)
    reason = _reason_required(reason)
    if amount is None or amount < 0:
        raise ValidationError(
            {"amount": ValidationError(_("Give an amount."), code="invalid_amount")}
        )
    line = FeeLine.objects.get(pk=line.pk)
    old = line.amount
    line.amount = amount
    line.adjusted = True
    line.reason = reason
    line.save(update_fields=["amount", "adjusted", "reason"])
    FeeAdjustment.objects.create(
        statement=statement,
        line=line,
        line_description=line.description,
        old_amount=old,
        new_amount=amount,
        reason=reason,
        actor=actor,
    )
    from_status = statement.status
    statement.status = StatementStatus.PENDING  # asks the lecturer again
    _totals(statement)
    _event(statement, from_status=from_status, actor=actor, note=reason, line=line)
    return line


def _own(statement, user):
    profile = statement.lecturer
    if not access.is_lecturer(user) or profile.user_id != user.pk:
        raise PermissionDenied(_("Only the lecturer confirms their statement."))


@transaction.atomic
def statement_confirm(
    *, statement: FeeStatement, user, personal_account: bool
) -> FeeStatement:
    """The lecturer confirms the amounts and that the account is their own
    personal account, not a company's."""
    statement = FeeStatement.objects.select_for_update().get(pk=statement.pk)
    _own(statement, user)
    if statement.status != StatementStatus.PENDING:
        raise ValidationError(
            _("Only a statement waiting for confirmation can be confirmed."),
            code="invalid_transition",
        )
    if not personal_account:
        raise ValidationError(
            {
                "personal_account": ValidationError(
                    _(
                        "Confirm that the account is your personal account, not a "
                        "company account."
                    ),
                    code="consent_required",
                )
            }
        )
    profile = statement.lecturer
    if not profile.has_bank_account:
        raise ValidationError(
            _("Give your bank account in your profile first."),
            code="no_bank_account",
        )
    statement.status = StatementStatus.CONFIRMED
    statement.confirmed_at = timezone.now()
    statement.confirmed_account = profile.bank_account_masked
    statement.save(update_fields=["status", "confirmed_at", "confirmed_account"])
    _event(statement, from_status=StatementStatus.PENDING, actor=user)
    return statement


@transaction.atomic
def statement_dispute(
    *, statement: FeeStatement, user, line: FeeLine | None, comment: str
) -> FeeStatement:
    """The lecturer disputes a line (or the statement) with a comment."""
    statement = FeeStatement.objects.select_for_update().get(pk=statement.pk)
    _own(statement, user)
    if statement.status != StatementStatus.PENDING:
        raise ValidationError(
            _("Only a statement waiting for confirmation can be disputed."),
            code="invalid_transition",
        )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say what is wrong."), code="comment_required"
                )
            }
        )
    if line is not None and line.statement_id != statement.pk:
        raise ValidationError(
            {
                "line": ValidationError(
                    _("Not a line of this statement."), code="invalid_line"
                )
            }
        )
    statement.status = StatementStatus.DISPUTED
    statement.save(update_fields=["status"])
    _event(
        statement,
        from_status=StatementStatus.PENDING,
        actor=user,
        note=comment,
        line=line,
    )
    return statement


def _notify_paid(statement, *, base_url=""):
    profile = statement.lecturer
    user = profile.user
    to = [profile.email or (user.email if user else "")]
    email_queue(
        key="fee_payment_notice",
        to=to,
        context={
            "lecturer_name": profile.lecturer.name,
            "course_title": statement.session.course.title,
            "session_code": statement.session.code,
            "paid_on": statement.paid_on.isoformat(),
            "amount": f"{statement.net_total:,}",
            "account": statement.confirmed_account,
            "statement_url": base_url + reverse("fees:detail", args=[statement.pk]),
        },
    )


@transaction.atomic
def statement_mark_paid(
    *, statement: FeeStatement, actor, paid_on: datetime.date, base_url: str = ""
) -> FeeStatement:
    """Record the payment of a confirmed statement and e-mail the lecturer."""
    _require_organizer(actor)
    statement = (
        FeeStatement.objects.select_for_update(of=("self",))
        .select_related("lecturer__lecturer", "lecturer__user", "session__course")
        .get(pk=statement.pk)
    )
    if statement.status != StatementStatus.CONFIRMED:
        raise ValidationError(
            _("Only a confirmed statement can be paid."), code="not_confirmed"
        )
    if paid_on is None:
        raise ValidationError(
            {"paid_on": ValidationError(_("Give the date."), code="required")}
        )
    statement.status = StatementStatus.PAID
    statement.paid_on = paid_on
    statement.save(update_fields=["status", "paid_on"])
    _event(statement, from_status=StatementStatus.CONFIRMED, actor=actor)
    _notify_paid(statement, base_url=base_url)
    return statement


@transaction.atomic
def batch_mark_paid(
    *, year: int, month: int, actor, paid_on: datetime.date, base_url: str = ""
) -> int:
    """Pay a whole monthly batch; refused until every statement is confirmed."""
    _require_organizer(actor)
    statements = list(
        FeeStatement.objects.select_for_update()
        .filter(date__year=year, date__month=month)
        .order_by("pk")
    )
    if not statements or any(
        s.status not in (StatementStatus.CONFIRMED, StatementStatus.PAID)
        for s in statements
    ):
        raise ValidationError(
            _("The batch is complete only when every statement is confirmed."),
            code="batch_incomplete",
        )
    paid = 0
    for statement in statements:
        if statement.status == StatementStatus.CONFIRMED:
            statement_mark_paid(
                statement=statement, actor=actor, paid_on=paid_on, base_url=base_url
            )
            paid += 1
    return paid
