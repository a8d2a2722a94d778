"""Duties, posts and volunteer profiles in the Wagtail admin, for coordinators;
shifts are planned on the coordinator's pages (/volunteer/plan/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_forms import VolunteerAdminForm
from .models import Duty, Post, Volunteer


class DutyViewSet(SnippetViewSet):
    model = Duty
    icon = "tasks"
    menu_label = _("Duties")
    list_display = ["name", "required_course", "max_per_month", "self_signup", "active"]
    list_filter = ["active", "self_signup"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("required_course"),
        FieldRowPanel([FieldPanel("max_per_month"), FieldPanel("self_signup")]),
        FieldPanel("active"),
    ]


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "site"
    menu_label = _("Posts")
    list_display = ["name", "location"]
    search_fields = ["name", "location"]


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
    icon = "user"
    menu_label = _("Volunteers")
    list_display = ["name", "user", "national_id_masked", "joined_on", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("name"),
            FieldPanel("national_id_number"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("joined_on")]),
            FieldPanel("active"),
            FieldPanel("notes"),
        ],
        base_form_class=VolunteerAdminForm,
    )


class VolunteersGroup(SnippetViewSetGroup):
    items = (DutyViewSet, PostViewSet, VolunteerViewSet)
    menu_icon = "group"
    menu_label = _("Volunteers")
    menu_name = "volunteers"


register_snippet(VolunteersGroup)
