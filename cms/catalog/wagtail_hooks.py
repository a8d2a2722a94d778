from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .forms import SessionAdminForm
from .models import (
    Competency,
    CourseCategory,
    CourseGroup,
    GradeScheme,
    Lecturer,
    Session,
    Venue,
)


class ServiceValidationMixin:
    """Show a ValidationError raised while saving (e.g. a lost booking race) on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class SessionCreateView(ServiceValidationMixin, CreateView):
    pass


class SessionEditView(ServiceValidationMixin, EditView):
    pass


def _roster_link(session):
    return format_html(
        '<a href="{}">{}</a>', reverse("session_roster", args=[session.pk]), _("Roster")
    )


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = [
        "code",
        "term",
        "course",
        "start_date",
        "venue",
        "status",
        Column("roster", label=_("Roster"), accessor=_roster_link),
        UpdatedAtColumn(),
    ]
    list_filter = ["status", "delivery_mode", "venue"]
    list_export = [
        "code",
        "term",
        "course",
        "start_date",
        "end_date",
        "venue",
        "capacity",
        "status",
    ]
    search_fields = ["code"]
    ordering = ["-start_date"]
    edit_handler = ObjectList(Session.panels, base_form_class=SessionAdminForm)


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "home"
    menu_label = _("Venues")
    list_display = ["name", "building", "capacity", "accessible"]


class LecturerViewSet(SnippetViewSet):
    model = Lecturer
    icon = "user"
    menu_label = _("Lecturers")
    list_display = ["name", "title"]
    search_fields = ["name", "title"]


class CourseCategoryViewSet(SnippetViewSet):
    model = CourseCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "name_en", "sort_order"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tag"
    menu_label = _("Competencies")


class CourseGroupViewSet(SnippetViewSet):
    model = CourseGroup
    icon = "group"
    menu_label = _("Course groups")
    list_display = ["name", "max_classes", "per_year"]


class GradeSchemeViewSet(SnippetViewSet):
    model = GradeScheme
    icon = "tasks"
    menu_label = _("Grade schemes")
    list_display = ["name", "honours_size"]


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Catalog")
    menu_icon = "list-ul"
    menu_order = 200
    items = (
        SessionViewSet,
        VenueViewSet,
        LecturerViewSet,
        CourseCategoryViewSet,
        CompetencyViewSet,
        CourseGroupViewSet,
        GradeSchemeViewSet,
    )


register_snippet(CatalogViewSetGroup)
