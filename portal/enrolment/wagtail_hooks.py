from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permissions import register_permission_policy

from cms.core.permissions import NoAddPermissionPolicy
from portal.admin_views import ScopedModelViewSet

from . import selectors
from .models import Enrolment

register_permission_policy(Enrolment, NoAddPermissionPolicy(Enrolment))


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    name = "enrolments"
    selector = selectors.enrolment_list
    icon = "form"
    menu_label = _("Enrolments")
    add_to_admin_menu = False
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
    # Status changes go through the enrolment services (history, seats, e-mail),
    # not through a plain model form: the admin shows and exports.
    edit_handler = ObjectList([FieldPanel("status", read_only=True)])


@hooks.register("register_admin_urls")
def register_roster_url():
    from .admin_roster import roster

    return [path("sessions/<int:session_id>/roster/", roster, name="session_roster")]
