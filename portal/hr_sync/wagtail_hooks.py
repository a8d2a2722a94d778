from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.accounts.admin_audit import StaffOnlyReadPolicy

from .models import HrSyncRun

register_permission_policy(HrSyncRun, StaffOnlyReadPolicy(HrSyncRun))


class HrSyncRunViewSet(ModelViewSet):
    """The HR feed's runs, for institute staff: read only, written by the sync."""

    model = HrSyncRun
    name = "hr_sync_runs"
    icon = "resubmit"
    menu_label = _("HR data sync")
    add_to_admin_menu = True
    menu_order = 922
    copy_view_enabled = False
    list_display = ["started_at", "outcome", "filename", "rows", "effective_date"]
    list_filter = ["outcome"]
    search_fields = ["filename", "file_sha256", "source"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "started_at",
        "finished_at",
        "started_by",
        "source",
        "filename",
        "file_sha256",
        "effective_date",
        "outcome",
        "rows",
        "counts",
        "problems",
        "message",
    ]
    # Required by ModelViewSet; the edit view is closed by the policy.
    form_fields = ["message"]


@hooks.register("register_admin_viewset")
def register_hr_sync_run_viewset():
    return HrSyncRunViewSet()
