from django.utils.translation import gettext_lazy as _

from portal.admin_views import ScopedModelViewSet

from . import selectors
from .models import TrainingRecord


class TrainingRecordViewSet(ScopedModelViewSet):
    model = TrainingRecord
    name = "training_records"
    selector = selectors.record_list
    icon = "tasks"
    menu_label = _("Training records")
    add_to_admin_menu = False
    add_view_enabled = False
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
