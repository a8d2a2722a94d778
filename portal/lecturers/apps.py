from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturersConfig(AppConfig):
    name = "portal.lecturers"
    label = "lecturers"
    verbose_name = _("Lecturers")
