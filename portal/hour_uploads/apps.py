from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HourUploadsConfig(AppConfig):
    name = "portal.hour_uploads"
    label = "hour_uploads"
    verbose_name = _("Study-hour uploads")
