from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.elearning import services
from portal.elearning.models import ImportStatus


class Command(BaseCommand):
    help = (
        "Import e-learning completions from a CSV (UTF-8 or Big5) or Excel file "
        "(columns: docs/elearning-completions.md). Without --apply it is a dry run: "
        "it shows what would be recorded and changes nothing. With --apply the "
        "file is recorded in one transaction, all or nothing; importing the same "
        "file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or .xlsx file")
        parser.add_argument(
            "--apply", action="store_true", help="record the completions"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        try:
            batch = services.csv_import(
                actor=None, file_name=path.name, content=content, apply=options["apply"]
            )
        except ValidationError as error:
            raise CommandError(
                "The file was refused; nothing changed.\n" + "\n".join(error.messages)
            ) from error
        verb = "recorded" if batch.status == ImportStatus.APPLIED else "to record"
        self.stdout.write(
            f"Import {batch.pk} ({batch.get_status_display()}): {batch.total} rows, "
            f"{verb} {batch.recorded}, already recorded {batch.unchanged}, "
            f"not matched {batch.skipped}."
        )
        for problem in batch.problems:
            self.stdout.write(f"  row {problem['row']}: {problem['message']}")
        if batch.status == ImportStatus.PLANNED:
            self.stdout.write("Dry run: nothing changed. Run again with --apply.")
