from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "civic_search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals  # noqa: F401
