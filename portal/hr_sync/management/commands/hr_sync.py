from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.hr_sync.models import RunOutcome
from portal.hr_sync.services import hr_sync_run


class Command(BaseCommand):
    help = (
        "Read the HR system's feed (DJANGO_HR_FEED: a folder or an http(s) URL, or "
        "--file) and apply it all-or-nothing; staff get the report. Does nothing "
        "when no feed is configured."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Read this feed file instead.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Plan and report; change nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply a feed even if the same file was applied before.",
        )

    def handle(self, *args, file=None, dry_run=False, force=False, **options):
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            run = hr_sync_run(
                filename=path.name,
                content=path.read_bytes(),
                dry_run=dry_run,
                force=force,
            )
        elif settings.HR_SYNC["SOURCE"]:
            run = hr_sync_run(dry_run=dry_run, force=force)
        else:
            if options["verbosity"]:
                self.stdout.write(
                    "No HR feed configured (DJANGO_HR_FEED); nothing to do."
                )
            return
        counts = ", ".join(f"{k} {v}" for k, v in run.counts.items() if v)
        line = f"{run.get_outcome_display()}: {run.rows} rows. {counts} {run.message}"
        for problem in run.problems[:20]:
            line += f"\n  row {problem['row']} {problem['national_id']}: " + " ".join(
                problem["reasons"]
            )
        if run.outcome in (RunOutcome.FAILED, RunOutcome.REFUSED):
            raise CommandError(line)
        if options["verbosity"]:
            self.stdout.write(line.strip())
