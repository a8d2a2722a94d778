from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    name = "portal.elearning"
    label = "elearning"
    verbose_name = _("E-learning completions")
