"""Running periodic jobs and keeping their record."""

import datetime
import io
import logging
import traceback

from django.core.management import call_command
from django.utils import timezone

from .jobs import Job
from .models import JobRun

logger = logging.getLogger(__name__)

KEEP_RUNS = datetime.timedelta(days=30)
OUTPUT_LIMIT = 4000


def job_run(*, job: Job) -> JobRun:
    """Run ``job``'s command once and record how it went. A failing job is logged
    and recorded, never raised: one broken job must not stop the others."""
    run = JobRun.objects.create(name=job.name, started_at=timezone.now())
    out = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out, verbosity=0)
    except Exception:  # noqa: BLE001 - any failure is recorded, the scheduler goes on
        logger.exception("Periodic job %s failed", job.name)
        run.succeeded = False
        run.output = (out.getvalue() + traceback.format_exc())[-OUTPUT_LIMIT:]
    else:
        run.succeeded = True
        run.output = out.getvalue()[-OUTPUT_LIMIT:]
    run.finished_at = timezone.now()
    run.save(update_fields=["succeeded", "output", "finished_at"])
    return run


def job_runs_prune(*, now=None) -> int:
    """Forget runs older than 30 days; returns how many were deleted."""
    now = now or timezone.now()
    deleted, _ = JobRun.objects.filter(started_at__lt=now - KEEP_RUNS).delete()
    return deleted
