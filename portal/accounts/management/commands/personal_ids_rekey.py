from django.core.management.base import BaseCommand

from portal.accounts import id_vault, services


class Command(BaseCommand):
    help = (
        "Re-encrypt the data keys of stored national ID numbers under the current "
        "key (the first of DJANGO_PERSONAL_ID_KEYS). Rotate by putting a new key "
        "first, running this, then removing the old key. Safe to run again."
    )

    def handle(self, *args, **options):
        moved = services.national_ids_rekey()
        current = id_vault.current_key_id()
        if not moved:
            self.stdout.write(f"Every stored number is already under key {current}.")
            return
        for key_id, count in sorted(moved.items()):
            self.stdout.write(
                f"{count} number(s) moved from key {key_id} to {current}."
            )
