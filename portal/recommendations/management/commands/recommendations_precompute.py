import time

from django.core.management.base import BaseCommand

from portal.recommendations import services


class Command(BaseCommand):
    help = "Recompute every trainee's course recommendations (run nightly)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = services.recommendations_precompute()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count:,} trainees in {time.perf_counter() - started:.1f} s"
            )
        )
