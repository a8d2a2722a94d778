from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .exports import protect_wagtail_exports

        protect_wagtail_exports()
