from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoutsConfig(AppConfig):
    name = "cms.handouts"
    label = "handouts"
    verbose_name = _("Handouts")

    def ready(self):
        from . import checks, signals  # noqa: F401
