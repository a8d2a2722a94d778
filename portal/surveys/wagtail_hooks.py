from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

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
            "questionnaires/<id:pk>/results/",
            admin_views.results,
            name="questionnaire_results",
        ),
        path(
            "questionnaires/<id:pk>/close/",
            admin_views.close,
            name="questionnaire_close",
        ),
        path(
            "questionnaires/<id:pk>/export.xlsx",
            admin_views.export,
            name="questionnaire_export",
        ),
    ]


@hooks.register("after_edit_snippet")
def release_when_closed(request, instance):
    """An editor who moves the closing time into the past has closed it: the
    pending answers are released now rather than at the next sweep."""
    if isinstance(instance, Questionnaire) and not instance.is_template:
        from .selectors import is_closed
        from .services import responses_release

        if is_closed(instance):
            responses_release(questionnaire=instance)
