from django.core.management.base import BaseCommand

from portal.volunteers.services import no_shows_mark


class Command(BaseCommand):
    help = "Record as no-shows the confirmed volunteers of ended shifts who never clocked in."

    def handle(self, *args, **options):
        marked = no_shows_mark()
        if options["verbosity"]:
            self.stdout.write(f"{marked} no-shows recorded.")
