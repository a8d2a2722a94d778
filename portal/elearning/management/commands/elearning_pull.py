from django.core.management.base import BaseCommand, CommandError

from portal.elearning import moodle, services


class Command(BaseCommand):
    help = (
        "Ask the e-learning platform (DJANGO_ELEARNING_URL, DJANGO_ELEARNING_TOKEN; "
        "Moodle's REST web service) who of the trainees still waiting for the "
        "online part of a blended or online class has finished it, and record "
        "them. Does nothing when the platform is not configured. A platform that "
        "is down changes nothing: the run is logged as failed and the command "
        "fails. Safe to run often (the scheduler runs it hourly)."
    )

    def handle(self, *args, **options):
        client = moodle.Client.from_settings()
        if client is None:
            if options["verbosity"]:
                self.stdout.write("The e-learning platform is not configured.")
            return
        try:
            batch = services.elearning_pull(client=client)
        except moodle.PlatformError as error:
            raise CommandError(str(error)) from error
        if batch is None:
            if options["verbosity"]:
                self.stdout.write("Nobody is waiting for an online part.")
            return
        if options["verbosity"]:
            self.stdout.write(
                f"Pull {batch.pk}: {batch.total} completions, recorded "
                f"{batch.recorded}, already recorded {batch.unchanged}, not matched "
                f"{batch.skipped}; {len(batch.problems)} problems."
            )
