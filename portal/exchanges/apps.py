from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "portal.exchanges"
    label = "exchanges"
    verbose_name = _("Seat exchange")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
