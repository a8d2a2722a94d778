from django.core.management.base import BaseCommand

from cms.core.demo import DemoBuilder


class Command(BaseCommand):
    help = (
        "Build a believable zh-Hant training institute for local use. Idempotent: "
        "running it again creates nothing new. Accounts use the password "
        "demo-pass-2026 and are for local use only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="YEARS",
            help="Add YEARS years of history at full institute volume "
            "(about 1,100 sessions a year) for benchmarks; 10 gives ~11,000 sessions.",
        )

    def handle(self, *args, scale, **options):
        report = DemoBuilder(years=scale, stdout=self.stdout).build()
        self.stdout.write(self.style.SUCCESS(str(report)))
