from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrSyncConfig(AppConfig):
    name = "portal.hr_sync"
    label = "hr_sync"
    verbose_name = _("HR data sync")
    default_auto_field = "django.db.models.BigAutoField"
