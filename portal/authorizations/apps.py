from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorizationsConfig(AppConfig):
    name = "portal.authorizations"
    label = "authorizations"
    verbose_name = _("Material authorizations")

    def ready(self):
        from cms.core import people

        from . import checks, selectors  # noqa: F401  (checks registers itself)

        # Content asks the register what a lecturer's handout may be used for.
        people.answer("handouts_in_force", selectors.handouts_in_force)
        people.answer("handout_allowed", selectors.handout_allowed)
