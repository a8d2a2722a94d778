from django.core.management.base import BaseCommand

from portal.demo.builder import DemoBuilder


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

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has courses (used by make run).",
        )

    def handle(self, *args, scale, if_empty, **options):
        from cms.catalog.models import CoursePage

        if if_empty and CoursePage.objects.exists():
            self.stdout.write("The database already has courses; demo data not loaded.")
            return
        report = DemoBuilder(years=scale, stdout=self.stdout).build()
        self.stdout.write(self.style.SUCCESS(str(report)))
