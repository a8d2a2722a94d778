from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "portal.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from . import signals  # noqa: F401
