from django.core.management.base import BaseCommand

from portal.surveys.services import responses_release_due


class Command(BaseCommand):
    help = (
        "Release pending questionnaire answers into the results: all answers of "
        "closed questionnaires, and shuffled batches of large pools. Run it every "
        "few minutes (make run does, beside publish_scheduled)."
    )

    def handle(self, *args, **options):
        released = responses_release_due()
        if options["verbosity"]:
            self.stdout.write(f"{released} answers released")
