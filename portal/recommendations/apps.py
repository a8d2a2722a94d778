from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "portal.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from cms.core import people

        from . import selectors, signals  # noqa: F401

        people.answer("also_taken_list", selectors.also_taken_list)
        people.answer("recommendation_list", selectors.recommendation_list)
