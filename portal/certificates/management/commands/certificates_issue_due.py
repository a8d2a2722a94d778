from django.core.management.base import BaseCommand

from portal.certificates.models import Language
from portal.certificates.services import DEFAULT_LANGUAGE, certificate_issue_due


class Command(BaseCommand):
    help = (
        "Issue the certificates due: every completed training of a session that "
        "ended before today (in the last CERTIFICATE_ISSUE_WINDOW_DAYS, or whose "
        "record changed since) gets its certificate in the default language. "
        "Certificates once revoked are not issued again. Safe to run at any time; "
        "run it every few minutes or daily (make run does, beside "
        "publish_scheduled)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Issue at most this many in one run (the next run goes on).",
        )
        parser.add_argument(
            "--language", default=DEFAULT_LANGUAGE, choices=Language.values
        )

    def handle(self, *args, limit, language, **options):
        summary = certificate_issue_due(language=language, limit=max(limit, 1))
        if options["verbosity"]:
            self.stdout.write(
                f"{len(summary.issued)} certificate(s) issued, "
                f"{len(summary.refused)} refused."
            )
            for record, reason in summary.refused:
                self.stdout.write(f"  record {record.pk}: {reason}")
