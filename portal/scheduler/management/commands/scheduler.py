import contextlib
import fcntl
import zlib
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone

from portal.scheduler import selectors, services
from portal.scheduler.jobs import job_get, jobs

LOCK_KEY = zlib.crc32(b"civiclearn.scheduler")


@contextlib.contextmanager
def only_instance():
    """Refuse to start beside another scheduler: a PostgreSQL advisory lock held
    for the process's life (any machine), or a lock file next to SQLite's
    database (one machine)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise CommandError("Another scheduler is running.")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    path = Path(settings.VAR_DIR) / "scheduler.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CommandError("Another scheduler is running.") from None
        yield


def _scheduled(job):
    """A job in the scheduler's thread: a fresh database connection each run, as
    a request gets (a long-lived process must not keep a broken one)."""
    close_old_connections()
    try:
        services.job_run(job=job)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = (
        "Run the periodic work declared in settings.PERIODIC_JOBS (scheduled "
        "publishing, sweeps, reminders, certificates, recommendations, clean-up), "
        "each on its crontab schedule, in this one process. Run exactly one "
        "(a second refuses to start). --list shows the schedule, --status the last "
        "run of each job, --run NAME runs one job now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Show the schedule.")
        parser.add_argument(
            "--status", action="store_true", help="Show each job's last run."
        )
        parser.add_argument("--run", metavar="NAME", help="Run one job now and exit.")

    def handle(self, *args, **options):
        declared = jobs()
        if options["list"]:
            return self._list(declared)
        if options["status"]:
            return self._status(declared)
        if options["run"]:
            try:
                job = job_get(options["run"])
            except KeyError:
                names = ", ".join(job.name for job in declared)
                raise CommandError(
                    f"No job {options['run']!r}. Jobs: {names}."
                ) from None
            run = services.job_run(job=job)
            if not run.succeeded:
                raise CommandError(f"{job.name} failed:\n{run.output}")
            self.stdout.write(f"{job.name}: done.")
            return
        with only_instance():
            scheduler = BlockingScheduler(
                timezone=settings.TIME_ZONE,
                executors={"default": ThreadPoolExecutor(max_workers=4)},
                job_defaults={
                    "coalesce": True,
                    "max_instances": 1,
                    "misfire_grace_time": 300,
                },
            )
            for job in declared:
                scheduler.add_job(
                    _scheduled,
                    trigger=job.trigger(),
                    args=[job],
                    id=job.name,
                    name=job.name,
                )
            if options["verbosity"]:
                self.stdout.write(f"Scheduler: {len(declared)} jobs; stop with Ctrl-C.")
            with contextlib.suppress(KeyboardInterrupt, SystemExit):
                scheduler.start()

    def _list(self, declared):
        now = timezone.now()
        for job in declared:
            upcoming = job.trigger().get_next_fire_time(None, now)
            command = " ".join([job.command, *job.args])
            self.stdout.write(
                f"{job.name:28} {job.cron:15} next {upcoming:%Y-%m-%d %H:%M}  {command}"
            )

    def _status(self, declared):
        last = selectors.job_last_runs()
        for job in declared:
            run = last.get(job.name)
            if run is None:
                self.stdout.write(f"{job.name:28} never run")
                continue
            state = {True: "ok", False: "FAILED", None: "running"}[run.succeeded]
            started = timezone.localtime(run.started_at)
            self.stdout.write(f"{job.name:28} {started:%Y-%m-%d %H:%M:%S} {state}")
