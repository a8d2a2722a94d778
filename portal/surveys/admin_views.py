"""Results for organizers, with charts (pygal, drawn on the server as SVG), the
anonymous Excel export and closing (which releases every pending answer)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.common import exports

from . import selectors, services
from .charts import bar as _bar
from .models import LIKERT_LABELS, Kind


def results(request, pk):
    questionnaire = selectors.questionnaire_for_organizer(viewer=request.user, pk=pk)
    data = selectors.results(questionnaire=questionnaire)
    scale = [f"{score} {LIKERT_LABELS[score]}" for score in range(1, 6)]
    for item in data["questions"]:
        if item["kind"] == Kind.LIKERT and not item["hidden"]:
            item["chart"] = _bar(item["question"].text, scale, item["distribution"])
        elif item["kind"] == Kind.CHOICE and not item["hidden"]:
            item["chart"] = _bar(
                item["question"].text,
                [c for c, _n in item["choices"]],
                [n for _c, n in item["choices"]],
            )
        elif item["kind"] == Kind.LECTURER:
            for row in item["lecturers"]:
                if not row["hidden"]:
                    row["chart"] = _bar(
                        f"{item['question'].text}：{row['lecturer'].name}",
                        scale,
                        row["distribution"],
                    )
    return TemplateResponse(
        request,
        "surveys/admin/results.html",
        {**data, "scale": scale, "closed": selectors.is_closed(questionnaire)},
    )


def export(request, pk):
    questionnaire = selectors.questionnaire_for_organizer(viewer=request.user, pk=pk)
    table = selectors.export_rows(questionnaire=questionnaire)
    return exports.xlsx_response(
        f"questionnaire-{questionnaire.pk}.xlsx",
        _("Answers"),
        table["headers"],
        table["rows"] + [[]] + [[note] for note in table["notes"]],
    )


@require_POST
def close(request, pk):
    questionnaire = selectors.questionnaire_for_organizer(viewer=request.user, pk=pk)
    try:
        released = services.questionnaire_close(
            questionnaire=questionnaire, actor=request.user
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The questionnaire is closed; %(n)s pending answers were released.")
            % {"n": released},
        )
    return redirect("questionnaire_results", pk=questionnaire.pk)
