import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
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
    SessionStatus,
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


class SessionFilterSet(WagtailFilterSet):
    """The organizer's filters: running today or this week, term and status."""

    TODAY = "today"
    WEEK = "week"

    running = django_filters.ChoiceFilter(
        label=_("Running"),
        choices=[(TODAY, _("Today")), (WEEK, _("In the next 7 days"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_running",
    )
    term = django_filters.NumberFilter(label=_("Term"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=SessionStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Session
        fields = ["running", "term", "status", "delivery_mode", "venue"]

    def filter_running(self, queryset, name, value):
        today = timezone.localdate()
        until = today if value == self.TODAY else today + datetime.timedelta(days=6)
        return queryset.filter(
            Q(start_date__lte=until) & Q(end_date__gte=today)
        ).not_cancelled()


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
    filterset_class = SessionFilterSet
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
    # Plain ORM search (icontains) on these fields: the database search backend
    # cannot search named fields on SQLite ("no such column: code") and does not
    # segment Chinese anyway, so 公文 would not find 公文寫作實務班.
    search_backend_name = None
    search_fields = ["code", "course__title"]
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
    search_backend_name = None  # ORM search, as for sessions: 林 finds 林志明
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
