"""Admin: which courses count for the environmental-education and teachers'
portals (editors, with the catalog's categories)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PortalCourse


class PortalCourseViewSet(SnippetViewSet):
    model = PortalCourse
    icon = "tag"
    menu_label = _("Courses on the national portals")
    add_to_admin_menu = False
    list_display = ["course", "environmental_education", "teachers_in_service"]
    list_filter = ["environmental_education", "teachers_in_service"]


register_snippet(PortalCourseViewSet)
