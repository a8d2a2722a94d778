from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Questionnaire


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "form"
    menu_label = _("Questionnaires")
    menu_order = 265
    add_to_admin_menu = True
    list_display = ["title", "is_template", "session", "opens_at", "closes_at"]
    list_filter = ["is_template"]
    search_fields = ["title"]


register_snippet(QuestionnaireViewSet)


@hooks.register("register_admin_urls")
def register_results_urls():
    from . import admin_views

    return [
        path(
            "questionnaires/<int:pk>/results/",
            admin_views.results,
            name="questionnaire_results",
        ),
        path(
            "questionnaires/<int:pk>/export.xlsx",
            admin_views.export,
            name="questionnaire_export",
        ),
    ]
