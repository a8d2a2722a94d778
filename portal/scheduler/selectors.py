"""What operators read about periodic work."""

from django.db.models import Max

from .models import JobRun


def job_last_runs() -> dict[str, JobRun]:
    """Each job's latest run, by job name (two queries however many runs)."""
    latest = JobRun.objects.values("name").annotate(last=Max("started_at"))
    runs = JobRun.objects.filter(
        started_at__in=[row["last"] for row in latest]
    ).order_by("name", "-started_at")
    result = {}
    for run in runs:
        result.setdefault(run.name, run)
    return result
