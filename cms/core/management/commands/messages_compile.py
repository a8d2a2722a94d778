from django.conf import settings
from django.core.management.base import BaseCommand

from cms.core import i18n


class Command(BaseCommand):
    help = "Compile every .po under LOCALE_PATHS to .mo (no gettext)."

    def handle(self, *args, **options):
        compiled = i18n.compile_all(settings.LOCALE_PATHS)
        for mo_path in compiled:
            self.stdout.write(f"Compiled {mo_path}")
        self.stdout.write(f"{len(compiled)} catalog(s) compiled.")
