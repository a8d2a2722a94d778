from django.core.management.base import BaseCommand, CommandError

from search import documents, elastic


class Command(BaseCommand):
    help = (
        "Rebuild the Elasticsearch catalog index into a new index and move the alias "
        "to it atomically, so that searches never go without results."
    )

    def handle(self, *args, **options):
        if not elastic.enabled():
            raise CommandError(
                "Set SEARCH_BACKEND=elasticsearch and ELASTICSEARCH_URL first."
            )
        name = documents.reindex(elastic.client())
        self.stdout.write(
            self.style.SUCCESS(f"Catalog indexed into {name}; alias moved.")
        )
