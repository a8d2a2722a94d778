"""Bar charts of questionnaire results, drawn on the server as SVG by pygal."""

import re
import sys

import pygal
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

# pygal appends a sys.meta_path finder without find_spec (for map plugins, not
# used here); importlib-based importers, pytest's among them, fail on it.
sys.meta_path[:] = [
    finder
    for finder in sys.meta_path
    if not isinstance(finder, pygal.PluginImportFixer)
]

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


def bar(title, labels, values):
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
