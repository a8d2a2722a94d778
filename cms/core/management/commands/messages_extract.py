from django.conf import settings
from django.core.management.base import BaseCommand

from cms.core import i18n


class Command(BaseCommand):
    help = "Extract translatable messages into the zh_Hant .po file (no gettext)."

    def handle(self, *args, **options):
        locale_dir = settings.LOCALE_PATHS[0]
        catalog = i18n.extract_messages(i18n.default_roots())
        po = i18n.update_po(locale_dir, catalog)
        path = i18n.po_path(locale_dir)
        messages = [message for message in catalog if message.id]
        plurals = sum(message.pluralizable for message in messages)
        untranslated = i18n.untranslated_messages(path, catalog)
        self.stdout.write(
            f"Extracted {len(messages)} messages ({plurals} plural) into {path}."
        )
        self.stdout.write(
            f"{len(untranslated)} untranslated or fuzzy, {len(po.obsolete)} obsolete."
        )
