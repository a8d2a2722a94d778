import datetime
import time

from django.core.management.base import BaseCommand

from portal.recommendations.evaluation import evaluate, report


class Command(BaseCommand):
    help = (
        "Offline evaluation: hide each trainee's latest enrolments, recommend, and "
        "print precision, recall and coverage for the engine and for popularity."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--holdout-days",
            type=int,
            default=365,
            help="Hide enrolments in sessions of the last N days (default 365).",
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="Start of the hold-out window (default: today minus --holdout-days).",
        )
        parser.add_argument("--k", type=int, default=10, help="List length (10).")
        parser.add_argument(
            "--sample", type=int, help="Evaluate a random sample of N trainees."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        evaluation = evaluate(
            as_of=options["as_of"],
            holdout_days=options["holdout_days"],
            k=options["k"],
            sample=options["sample"],
        )
        self.stdout.write(report(evaluation))
        self.stdout.write(f"({time.perf_counter() - started:.1f} s)")
