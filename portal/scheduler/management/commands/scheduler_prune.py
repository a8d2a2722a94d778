from django.core.management.base import BaseCommand

from portal.scheduler import services


class Command(BaseCommand):
    help = "Forget periodic job runs older than 30 days."

    def handle(self, *args, **options):
        deleted = services.job_runs_prune()
        if options["verbosity"]:
            self.stdout.write(f"{deleted} old job run(s) deleted.")
