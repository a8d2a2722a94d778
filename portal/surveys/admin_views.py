"""Results for organizers, with charts (pygal, drawn on the server as SVG) and
the anonymous Excel export."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal import exports

from . import selectors
from .charts import bar as _bar
from .models import LIKERT_LABELS, Kind


def results(request, pk):
    questionnaire = selectors.questionnaire_for_organizer(viewer=request.user, pk=pk)
    data = selectors.results(questionnaire=questionnaire)
    scale = [f"{score} {LIKERT_LABELS[score]}" for score in range(1, 6)]
    for item in data["questions"]:
        if item["kind"] == Kind.LIKERT and item["n"]:
            item["chart"] = _bar(item["question"].text, scale, item["distribution"])
        elif item["kind"] == Kind.CHOICE and item["n"]:
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
        request, "surveys/admin/results.html", {**data, "scale": scale}
    )


def export(request, pk):
    questionnaire = selectors.questionnaire_for_organizer(viewer=request.user, pk=pk)
    headers, rows = selectors.export_rows(questionnaire=questionnaire)
    headers[:2] = [_("Response"), _("Date")]
    return exports.xlsx_response(
        f"questionnaire-{questionnaire.pk}.xlsx", _("Answers"), headers, rows
    )
