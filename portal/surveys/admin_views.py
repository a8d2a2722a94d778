"""Results for organizers, with charts (pygal, drawn on the server as SVG) and
the anonymous Excel export."""

import re

import pygal
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from portal import exports

from . import selectors
from .models import LIKERT_LABELS, Kind

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1d1d1d",
    foreground_strong="#1d1d1d",
    foreground_subtle="#595959",
    colors=("#0b5394", "#8a4b08", "#0f6e3f", "#6a4c93", "#a3324a"),
    font_family="system-ui, sans-serif",
)


def _bar(title, labels, values):
    chart = pygal.Bar(
        style=STYLE,
        width=560,
        height=280,
        show_legend=False,
        disable_xml_declaration=True,
        js=[],  # no scripts from a CDN: the figures are in the table beside it
        title=title,
        print_values=True,
    )
    chart.x_labels = [str(label) for label in labels]
    chart.add(_("Answers"), values)
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))  # tooltips need pygal's JS
    return mark_safe(svg)  # noqa: S308 - pygal's own SVG, labels escaped by it


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
