"""The periodic jobs, as declared in ``settings.PERIODIC_JOBS``."""

from dataclasses import dataclass, field

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import get_commands


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    cron: str
    args: tuple = field(default_factory=tuple)

    def trigger(self) -> CronTrigger:
        return CronTrigger.from_crontab(self.cron, timezone=settings.TIME_ZONE)


def jobs() -> list[Job]:
    """Every declared job, checked: its command exists and its schedule parses."""
    commands = get_commands()
    declared = []
    for name, spec in settings.PERIODIC_JOBS.items():
        job = Job(
            name=name,
            command=spec["command"],
            cron=spec["cron"],
            args=tuple(spec.get("args", ())),
        )
        if job.command not in commands:
            raise ImproperlyConfigured(
                f"PERIODIC_JOBS[{name!r}]: no command {job.command!r}."
            )
        try:
            job.trigger()
        except ValueError as error:
            raise ImproperlyConfigured(
                f"PERIODIC_JOBS[{name!r}]: bad schedule {job.cron!r}: {error}"
            ) from error
        declared.append(job)
    return declared


def job_get(name: str) -> Job:
    for job in jobs():
        if job.name == name:
            return job
    raise KeyError(name)
