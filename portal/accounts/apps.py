from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import ensure_role_groups

        # After every app's post_migrate, not only this one's: the permissions of
        # apps listed later (enrolment, records, ...) exist only once theirs ran.
        post_migrate.connect(ensure_role_groups, dispatch_uid="civiclearn_roles")

        from cms.core import people

        from . import access

        people.answer("is_institute_staff", access.is_institute_staff)
        people.answer("viewer_role", access.viewer_role)
