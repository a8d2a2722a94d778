from django.core.management.base import BaseCommand

from portal.enrolment.services import reminders_send


class Command(BaseCommand):
    help = (
        "Send the day's reminders of blended classes (sign up for the online part; "
        "the online part not finished), each once a day. Run it every few minutes "
        "or daily (make run does, beside publish_scheduled)."
    )

    def handle(self, *args, **options):
        counts = reminders_send()
        if options["verbosity"]:
            self.stdout.write(
                ", ".join(f"{kind}: {count}" for kind, count in counts.items())
            )
