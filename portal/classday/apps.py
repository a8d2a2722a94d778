from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassDayConfig(AppConfig):
    name = "portal.classday"
    label = "classday"
    verbose_name = _("Class day")

    def ready(self):
        from cms.core import people

        from . import selectors, signals  # noqa: F401

        people.answer("todays_classes", selectors.todays_classes)
