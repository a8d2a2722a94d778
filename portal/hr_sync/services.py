"""The daily HR data sync: read the feed, plan it, apply it all-or-nothing, report.

A feed with one bad row changes nothing: the run is recorded as refused, with
the rows and reasons (masked ID numbers only), and staff are alerted. A feed
already applied (same SHA-256) is skipped; applying one again changes nothing.
"""

import hashlib
import logging
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts import imports
from portal.accounts import services as accounts
from portal.accounts.roles import TRAINEES
from portal.enrolment import services as enrolment
from portal.notifications.services import email_queue
from portal.records import services as records

from . import feed
from .models import HrSyncRun, RunOutcome

logger = logging.getLogger(__name__)


class FeedUnavailable(Exception):
    """The feed could not be fetched or found (the message says why)."""


# Reading the source ----------------------------------------------------------


def feed_fetch(source: str) -> tuple[str, bytes]:
    """The newest feed file in a folder, or the body at an http(s) URL."""
    limit = settings.HR_SYNC["MAX_BYTES"]
    if urlsplit(source).scheme in ("http", "https"):
        # The scheme is checked above: no file: or custom schemes.
        request = urllib.request.Request(source, headers={"Accept": "*/*"})  # noqa: S310
        if settings.HR_SYNC["TOKEN"]:
            request.add_header("Authorization", f"Bearer {settings.HR_SYNC['TOKEN']}")
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.HR_SYNC["TIMEOUT"]
            ) as response:
                content = response.read(limit + 1)
                kind = response.headers.get_content_type()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise FeedUnavailable(
                _("The HR feed could not be fetched: %(error)s") % {"error": exc}
            ) from exc
        name = PurePosixPath(urlsplit(source).path).name or "feed"
        if not name.lower().endswith(feed.EXTENSIONS):
            name += ".json" if kind == "application/json" else ".csv"
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise FeedUnavailable(
                _("The HR feed folder “%(folder)s” does not exist.")
                % {"folder": source}
            )
        files = [
            path
            for path in folder.iterdir()
            if path.is_file() and path.suffix.lower() in feed.EXTENSIONS
        ]
        if not files:
            raise FeedUnavailable(
                _("The HR feed folder “%(folder)s” holds no feed file.")
                % {"folder": source}
            )
        newest = max(files, key=lambda path: (path.stat().st_mtime, path.name))
        name = newest.name
        with newest.open("rb") as handle:
            content = handle.read(limit + 1)
    if len(content) > limit:
        raise FeedUnavailable(
            _("The HR feed is larger than %(size)s MB.")
            % {"size": limit // (1024 * 1024)}
        )
    return name, content


# The run ---------------------------------------------------------------------


def hr_sync_run(
    *,
    source: str | None = None,
    filename: str | None = None,
    content: bytes | None = None,
    actor=None,
    today=None,
    dry_run: bool = False,
    force: bool = False,
) -> HrSyncRun:
    """Read, plan and (unless ``dry_run``) apply one feed; always recorded.

    ``content`` (with ``filename``) is a feed given directly; otherwise it is
    fetched from ``source`` (default: settings.HR_SYNC["SOURCE"])."""
    today = today or timezone.localdate()
    source = source or settings.HR_SYNC["SOURCE"]
    run = HrSyncRun(
        source=(filename if content is not None else source)[:500],
        started_by=actor if actor is not None and actor.is_authenticated else None,
        effective_date=today,
    )
    try:
        if content is None:
            filename, content = feed_fetch(source)
    except FeedUnavailable as exc:
        return _finish(run, RunOutcome.FAILED, message=str(exc))
    run.filename = (filename or "")[:255]
    run.file_sha256 = hashlib.sha256(content).hexdigest()
    if not (force or dry_run) and _applied_before(run.file_sha256):
        return _finish(
            run,
            RunOutcome.SKIPPED,
            message=_("This feed was applied before; nothing to do."),
        )
    try:
        rows = feed.read_feed(
            filename=run.filename,
            content=content,
            max_rows=settings.HR_SYNC["MAX_ROWS"],
        )
    except ValidationError as exc:
        return _finish(run, RunOutcome.FAILED, message=" ".join(exc.messages))
    run.rows = len(rows)
    if dry_run:
        plan = feed.plan_feed(rows=rows, today=today)
        return _finish(run, RunOutcome.DRY_RUN, plan=plan)
    try:
        with transaction.atomic():
            plan = feed.plan_feed(rows=rows, today=today)
            if plan.refused:
                return _finish(run, RunOutcome.REFUSED, plan=plan)
            hr_sync_apply(plan=plan)
            return _finish(run, RunOutcome.APPLIED, plan=plan)
    except ValidationError as exc:  # e.g. a number taken meanwhile: all rolled back
        return _finish(run, RunOutcome.FAILED, message=" ".join(exc.messages))


def _applied_before(sha256: str) -> bool:
    """Whether this very feed was applied, with nothing left waiting for a later
    date (a feed holding a move dated ahead is read again on later days)."""
    return any(
        not counts.get("later")
        for counts in HrSyncRun.objects.filter(
            file_sha256=sha256, outcome=RunOutcome.APPLIED
        ).values_list("counts", flat=True)
    )


def _finish(run, outcome, *, plan=None, message="") -> HrSyncRun:
    run.outcome = outcome
    run.message = message
    if plan is not None:
        run.counts = plan.counts()
        run.problems = [row.problem() for row in plan.refused]
        if outcome == RunOutcome.REFUSED:
            run.message = _("%(count)s rows were refused, so nothing was changed.") % {
                "count": len(run.problems)
            }
    run.finished_at = timezone.now()
    run.save()
    if outcome in (RunOutcome.APPLIED, RunOutcome.REFUSED, RunOutcome.FAILED):
        transaction.on_commit(lambda: _report(run))
    return run


def hr_sync_apply(*, plan: feed.FeedPlan) -> dict:
    """Carry out a plan with no refused rows, in one transaction."""
    if plan.refused:
        raise ValidationError(_("The feed has refused rows."), code="refused")
    reason = _("Left service (HR data)")
    with transaction.atomic():
        for row in plan.rows:
            on = row.effective_date
            if row.action == feed.Action.CREATE:
                person = accounts.person_create(
                    username=imports.new_username(),
                    roles=(TRAINEES,),
                    agency=row.agency,
                    national_id_prepared=(
                        row.national_id_hash,
                        row.national_id_masked,
                        row.national_id_sealed,
                    ),
                    **row.fields,
                )
                accounts.person_membership_start(person=person, on=on)
                continue
            person = row.person
            if row.action == feed.Action.LEAVE:
                accounts.person_leave(person=person, status=row.status, on=on)
                enrolment.enrolments_withdraw_leaver(
                    user=person.user, since=on, reason=reason
                )
                continue
            if row.fields:
                accounts.person_update(person=person, **row.fields)
            if row.action == feed.Action.REJOIN:
                accounts.person_rejoin(person=person, agency=row.agency, on=on)
            elif row.action == feed.Action.TRANSFER:
                accounts.person_transfer(person=person, agency=row.agency, on=on)
                enrolment.enrolments_follow_transfer(
                    user=person.user, agency=row.agency, since=on
                )
                records.records_follow_transfer(
                    user=person.user, agency=row.agency, since=on
                )
    return plan.counts()


# Reports ---------------------------------------------------------------------


def report_recipients() -> list[str]:
    configured = settings.HR_SYNC["REPORT_TO"]
    if configured:
        return list(configured)
    return list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _report(run: HrSyncRun) -> None:
    """The daily report (applied) or an alert (refused, not read) to staff."""
    counts = run.counts or {}
    problems = "\n".join(
        f"- {_('Row')} {p['row']} {p['national_id']} {p['name']}: "
        + " ".join(p["reasons"])
        for p in run.problems[:50]
    )
    try:
        email_queue(
            key="hr_sync_report"
            if run.outcome == RunOutcome.APPLIED
            else "hr_sync_failed",
            to=report_recipients(),
            context={
                "outcome": run.get_outcome_display(),
                "source": run.source,
                "filename": run.filename or "—",
                "rows": run.rows,
                "created": counts.get("create", 0),
                "updated": counts.get("update", 0),
                "transferred": counts.get("transfer", 0),
                "left": counts.get("leave", 0),
                "rejoined": counts.get("rejoin", 0),
                "unchanged": counts.get("unchanged", 0),
                "refused": counts.get("refused", 0),
                "message": run.message or "—",
                "problems": problems or "—",
                "run_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("hr_sync_runs:inspect", args=[run.pk]),
            },
        )
    except Exception:  # the run is recorded; a report that fails is logged
        logger.exception("HR sync report for run %s failed", run.pk)
