from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cms.core.permissions import ReadOnlyPermissionPolicy

from . import selectors
from .models import EditorPick, MandatoryRule, RecommendationStat

AUDIENCE_SUMMARY = "audience_summary"

register_permission_policy(
    RecommendationStat, ReadOnlyPermissionPolicy(RecommendationStat)
)


class AudienceInspectView(InspectView):
    """Shows a rule with whom its audience reaches (asked of the selector here,
    not by the model)."""

    def get_field_label(self, field_name, field):
        if field_name == AUDIENCE_SUMMARY:
            return gettext("Audience")
        return super().get_field_label(field_name, field)

    def get_audience_summary_display_value(self):
        count, sample = selectors.audience_preview(rule=self.object)
        names = "、".join(person.name for person in sample)
        return gettext("%(count)s people (for example %(names)s)") % {
            "count": f"{count:,}",
            "names": names or "—",
        }


class EditorPickViewSet(SnippetViewSet):
    model = EditorPick
    icon = "pick"
    menu_label = _("Editor's picks")
    list_display = ["course", "reason", "weight", "starts_on", "ends_on"]
    inspect_view_enabled = True
    inspect_view_class = AudienceInspectView
    inspect_view_fields = [
        "course",
        "reason",
        "weight",
        "starts_on",
        "ends_on",
        AUDIENCE_SUMMARY,
    ]


class MandatoryRuleViewSet(SnippetViewSet):
    model = MandatoryRule
    icon = "warning"
    menu_label = _("Mandatory training")
    list_display = ["name", "hours_per_year", "reason"]
    inspect_view_enabled = True
    inspect_view_class = AudienceInspectView
    inspect_view_fields = ["name", "hours_per_year", "reason", AUDIENCE_SUMMARY]


class RecommendationsGroup(SnippetViewSetGroup):
    menu_label = _("Recommendations")
    menu_icon = "pick"
    menu_order = 250
    items = (EditorPickViewSet, MandatoryRuleViewSet)


register_snippet(RecommendationsGroup)


class RecommendationReportViewSet(ModelViewSet):
    """What was recommended, followed and enrolled in, per day and course."""

    model = RecommendationStat
    name = "recommendation_report"
    icon = "table"
    menu_label = _("Recommendation report")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["date", "course", "recommended", "clicks", "enrolments"]
    list_filter = ["date"]
    list_export = ["date", "course", "recommended", "clicks", "enrolments"]
    form_fields = ["recommended"]


@hooks.register("register_admin_viewset")
def register_recommendation_report():
    return RecommendationReportViewSet()
