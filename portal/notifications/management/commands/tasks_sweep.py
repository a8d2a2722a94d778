import datetime

from django.core.management.base import BaseCommand

from portal.classday.attendance import attendance_sweep
from portal.notifications import tasks


class Command(BaseCommand):
    help = (
        "Find work whose background task was lost (a process that died between "
        "saving a row and queueing its task): queue again e-mails still waiting "
        "after --minutes, mark failed those interrupted while sending, and bring "
        "up to date the training records of recent check-ins. Safe to run at any "
        "time; run it every few minutes (make run does, beside publish_scheduled)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(tasks.SWEEP_AFTER.total_seconds() // 60),
            help="How long past due a row must be before it is swept.",
        )

    def handle(self, *args, minutes, **options):
        older_than = datetime.timedelta(minutes=max(minutes, 0))
        emails = tasks.email_sweep(older_than=older_than)
        records = attendance_sweep(older_than=older_than)
        if options["verbosity"]:
            self.stdout.write(
                f"{emails['requeued']} e-mail(s) queued again, "
                f"{emails['interrupted']} interrupted, "
                f"{records} attendance record(s) brought up to date."
            )
