"""Writes of e-learning completions: a dry run kept for review, its application
(all or nothing), refused files and failed pulls. The records themselves change
only through ``portal.records.services.record_online_complete``."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.records import services as records_services

from . import completions as reading
from . import moodle, selectors
from .completions import Completion
from .models import CompletionImport, ImportStatus, Source
from .selectors import Outcome


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _counts(batch: CompletionImport, plan) -> None:
    counts = plan.counts()
    batch.total = counts["total"]
    batch.recorded = counts["recorded"]
    batch.unchanged = counts["unchanged"]
    batch.skipped = counts["skipped"]
    batch.problems = plan.problems()


def completion_import_plan(
    *,
    source: str,
    completions: list[Completion],
    actor=None,
    file_name: str = "",
    file_sha256: str = "",
    problems: list[dict] | None = None,
) -> CompletionImport:
    """Keep a dry run: the completions and what applying them would do."""
    plan = selectors.completion_plan(completions=completions)
    batch = CompletionImport(
        source=source,
        status=ImportStatus.PLANNED,
        created_by=_actor(actor),
        file_name=file_name[:255],
        file_sha256=file_sha256,
        rows=[c.as_json() for c in completions],
    )
    _counts(batch, plan)
    batch.problems = (problems or []) + batch.problems
    batch.save()
    return batch


def completion_import_apply(*, batch: CompletionImport, actor=None) -> CompletionImport:
    """Record the online parts a dry run found, matched again now, in one
    transaction: every row or none. Applying twice is refused; a second file
    with the same completions records nothing new (its rows are unchanged)."""
    with transaction.atomic():
        batch = CompletionImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.PLANNED:
            raise ValidationError(
                _("This import was already applied or refused."), code="not_planned"
            )
        plan = selectors.completion_plan(
            completions=[Completion.from_json(row) for row in batch.rows]
        )
        for row in plan.of(Outcome.RECORD):
            records_services.record_online_complete(
                enrolment=row.enrolment,
                actor=_actor(actor),
                completed=True,
                at=row.completion.completed_at,
            )
        earlier = [p for p in batch.problems if p.get("code") == "platform_error"]
        _counts(batch, plan)
        batch.problems = earlier + batch.problems
        batch.status = ImportStatus.APPLIED
        batch.applied_by = _actor(actor)
        batch.applied_at = timezone.now()
        batch.save()
    return batch


def completion_import_refuse(
    *, source: str, actor=None, file_name="", file_sha256="", error: ValidationError
) -> CompletionImport:
    """Log a file that could not be used: nothing changed."""
    return CompletionImport.objects.create(
        source=source,
        status=ImportStatus.REFUSED,
        created_by=_actor(actor),
        file_name=file_name[:255],
        file_sha256=file_sha256,
        error="\n".join(error.messages[:200]),
    )


def csv_import(
    *, actor, file_name: str, content: bytes, apply: bool = False
) -> CompletionImport:
    """Read a completions file and keep its dry run (``apply``: and apply it).
    A malformed file is logged as refused and its ValidationError raised."""
    digest = hashlib.sha256(content).hexdigest()
    try:
        completions = reading.read_file(filename=file_name, content=content)
    except ValidationError as error:
        completion_import_refuse(
            source=Source.CSV,
            actor=actor,
            file_name=file_name,
            file_sha256=digest,
            error=error,
        )
        raise
    batch = completion_import_plan(
        source=Source.CSV,
        completions=completions,
        actor=actor,
        file_name=file_name,
        file_sha256=digest,
    )
    if apply:
        batch = completion_import_apply(batch=batch, actor=actor)
    return batch


def elearning_pull(*, client: moodle.Client | None = None) -> CompletionImport | None:
    """Ask the platform which trainees still waiting for their online part have
    finished it, and record them (all or nothing). None when the platform is not
    configured or nobody is waiting. A platform that is down, slow or refuses
    the token changes nothing: the run is logged as failed and the error raised."""
    client = client or moodle.Client.from_settings()
    if client is None:
        return None
    targets = selectors.pull_targets()
    if not targets:
        return None
    try:
        completions, problems = moodle.completions_fetch(client=client, targets=targets)
    except moodle.PlatformError as error:
        CompletionImport.objects.create(
            source=Source.MOODLE, status=ImportStatus.FAILED, error=str(error)[:2000]
        )
        raise
    batch = completion_import_plan(
        source=Source.MOODLE, completions=completions, problems=problems
    )
    return completion_import_apply(batch=batch)
