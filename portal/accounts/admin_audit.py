"""The staff list import log and the national ID disclosure log in the Wagtail
admin: listed and inspected by institute staff only, written by the services only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.core.permissions import ReadOnlyPermissionPolicy

from .access import is_institute_staff
from .models import IdentityDisclosure, ImportAudit


class StaffOnlyReadPolicy(ReadOnlyPermissionPolicy):
    """Read by institute staff, whatever their model permissions; nobody writes."""

    def user_has_permission(self, user, action):
        if action in self.denied:
            return False
        return is_institute_staff(user)


register_permission_policy(ImportAudit, StaffOnlyReadPolicy(ImportAudit))
register_permission_policy(IdentityDisclosure, StaffOnlyReadPolicy(IdentityDisclosure))


class ImportAuditViewSet(ModelViewSet):
    model = ImportAudit
    name = "import_audit"
    icon = "list-ul"
    menu_label = _("Staff list import log")
    add_to_admin_menu = True
    menu_order = 920
    copy_view_enabled = False
    list_display = [
        "created_at",
        "username",
        "agency",
        "kind",
        "outcome",
        "filename",
        "rows",
    ]
    list_filter = ["kind", "outcome"]
    search_fields = ["username", "filename", "file_sha256"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "username",
        "agency",
        "kind",
        "outcome",
        "batch",
        "filename",
        "file_sha256",
        "rows",
        "counts",
    ]
    # Required by ModelViewSet; the edit view is closed by the policy above.
    form_fields = ["filename"]


class IdentityDisclosureViewSet(ModelViewSet):
    model = IdentityDisclosure
    name = "identity_disclosures"
    icon = "lock"
    menu_label = _("National ID disclosure log")
    add_to_admin_menu = True
    menu_order = 921
    copy_view_enabled = False
    list_display = ["created_at", "username", "purpose", "count"]
    search_fields = ["username", "purpose"]
    form_fields = ["purpose"]
