from django.core.management.base import BaseCommand

from portal.notifications import services
from portal.notifications.models import EmailStatus, OutgoingEmail


class Command(BaseCommand):
    help = "Queue again every e-mail that failed all its attempts."

    def handle(self, *args, **options):
        failed = list(OutgoingEmail.objects.filter(status=EmailStatus.FAILED))
        for email in failed:
            services.email_retry(email=email)
        self.stdout.write(f"{len(failed)} e-mail(s) queued again.")
