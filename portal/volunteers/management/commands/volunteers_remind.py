from django.core.management.base import BaseCommand

from portal.volunteers.services import reminders_send, weekly_gaps_send


class Command(BaseCommand):
    help = (
        "E-mail tomorrow's volunteers their shift (each once); with --weekly, the "
        "coordinators' note of shifts and classes still without volunteers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weekly", action="store_true")

    def handle(self, *args, weekly=False, **options):
        if weekly:
            sent = weekly_gaps_send()
            message = "Weekly note sent." if sent else "Everything is covered."
        else:
            message = f"{reminders_send()} reminders sent."
        if options["verbosity"]:
            self.stdout.write(message)
