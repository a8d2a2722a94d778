from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy

from cms.core.permissions import NoAddPermissionPolicy
from portal.admin_views import ScopedModelViewSet

from . import selectors
from .models import TrainingRecord

register_permission_policy(TrainingRecord, NoAddPermissionPolicy(TrainingRecord))


class TrainingRecordViewSet(ScopedModelViewSet):
    model = TrainingRecord
    name = "training_records"
    selector = selectors.record_list
    icon = "tasks"
    menu_label = _("Training records")
    add_to_admin_menu = False
    list_display = [
        "user",
        "session",
        "year",
        "attendance",
        "hours",
        "grade",
        "completed",
    ]
    list_filter = ["year", "attendance", "completed"]
    inspect_view_enabled = True
    list_export = [
        "user",
        "session",
        "agency",
        "year",
        "attendance",
        "hours",
        "grade",
        "completed",
    ]
    form_fields = ["attendance", "hours", "grade", "completed"]
