from django.core.management.base import BaseCommand

from portal.exchanges.services import offers_sweep


class Command(BaseCommand):
    help = (
        "Close the seat offers nobody took by their deadline or the class's start "
        "(the trainee keeps the seat and is told); under EXCHANGE_WAITLIST_FIRST, "
        "give open offers of classes with people waiting to the first in line. "
        "Safe to run often (make run does, every minute)."
    )

    def handle(self, *args, **options):
        counts = offers_sweep()
        if options["verbosity"]:
            self.stdout.write(
                ", ".join(f"{kind}: {count}" for kind, count in counts.items())
            )
