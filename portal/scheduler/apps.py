from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "portal.scheduler"
    label = "scheduler"
    verbose_name = _("Periodic work")
    default_auto_field = "django.db.models.BigAutoField"
