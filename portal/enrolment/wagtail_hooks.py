from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.common.admin import NamedUserIndexView, ScopedModelViewSet

from . import selectors
from .admin_views import (
    EnrolmentEditView,
    EnrolmentPermissionPolicy,
    EnrolmentStatusForm,
)
from .models import Enrolment

register_permission_policy(Enrolment, EnrolmentPermissionPolicy(Enrolment))


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    name = "enrolments"
    selector = selectors.enrolment_list
    icon = "form"
    menu_label = _("Enrolments")
    add_to_admin_menu = False
    index_view_class = NamedUserIndexView
    list_display = ["user", "session", "agency", "status", "source", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["session__code", "user__person__name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "session",
        "agency",
        "status",
        "source",
        "queued_at",
        "created_at",
        "history",
    ]
    list_export = ["user", "session", "agency", "status", "source", "created_at"]
    copy_view_enabled = False
    # Status changes go through the enrolment services (history, seats, quotas,
    # waiting list, e-mail), never through a plain model form.
    edit_view_class = EnrolmentEditView
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("reason")],
        base_form_class=EnrolmentStatusForm,
    )


@hooks.register("register_admin_urls")
def register_roster_url():
    from .admin_roster import roster

    return [path("sessions/<id:session_id>/roster/", roster, name="session_roster")]
