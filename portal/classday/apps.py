from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassDayConfig(AppConfig):
    name = "portal.classday"
    label = "classday"
    verbose_name = _("Class day")

    def ready(self):
        from . import signals  # noqa: F401
