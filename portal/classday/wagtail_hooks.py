from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from cms.core.converters import parse_id
from portal.accounts.access import is_organizer
from portal.common.admin import yes_no_column

from . import selectors
from .models import ClassDaySettings, SeatPlan


class ClassDaySettingsCreateView(CreateView):
    """Opened from a session's class-day screen with ``?session=<id>``."""

    def get_initial(self):
        initial = super().get_initial()
        session_id = parse_id(self.request.GET.get("session"))
        if session_id is not None:
            initial["session"] = session_id
        return initial


class ClassDaySettingsViewSet(SnippetViewSet):
    """When seats are given and whether lunch is served, per session; a session
    without settings gives seats at check-in and serves no meals."""

    model = ClassDaySettings
    icon = "date"
    add_view_class = ClassDaySettingsCreateView
    list_display = [
        "session",
        "seat_assignment",
        yes_no_column("serves_meals", _("Lunch is served")),
        "meal_deadline",
    ]
    list_filter = ["seat_assignment", "serves_meals"]


class SeatPlanViewSet(SnippetViewSet):
    """Rows and seats of a room, for seats given in plan order."""

    model = SeatPlan
    icon = "table"
    list_display = ["venue", "rows", "seats_per_row", "seats_unavailable"]


class ClassDayViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Class day")
    menu_icon = "calendar"
    menu_order = 210
    items = (ClassDaySettingsViewSet, SeatPlanViewSet)


register_snippet(ClassDayViewSetGroup)


class OrganizerWeekPanel(Component):
    """On the organizer's dashboard: today's and this week's classes, with a
    click to each class-day screen and roster."""

    name = "organizer_week"
    template_name = "classday/admin/week_panel.html"
    order = 40

    def __init__(self, week):
        self.week = week

    def get_context_data(self, parent_context):
        return {"week": self.week}


@hooks.register("construct_homepage_panels")
def add_organizer_week_panel(request, panels):
    if is_organizer(request.user):
        panels.append(OrganizerWeekPanel(selectors.organizer_week(viewer=request.user)))


@hooks.register("register_admin_urls")
def register_class_day_urls():
    from . import admin_views

    return [
        path("classday/<id:session_id>/", admin_views.screen, name="classday_screen"),
        path(
            "classday/<id:session_id>/projector/",
            admin_views.projector,
            name="classday_projector",
        ),
        path("classday/<id:session_id>/qr.json", admin_views.qr, name="classday_qr"),
        path(
            "classday/<id:session_id>/arrivals.json",
            admin_views.arrivals,
            name="classday_arrivals",
        ),
        path(
            "classday/<id:session_id>/meals.xlsx",
            admin_views.meals_export,
            name="classday_meals_export",
        ),
    ]
