"""The trainee's hours chart: a pygal bar chart drawn on the server as SVG.

The SVG is served as a data: image (the site's CSP allows no inline styles in
the page, but an image keeps its own), with the same figures in a table beside it.
"""

import base64
import re

import pygal

from portal.surveys.charts import STYLE  # also keeps pygal's import hook out

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def hours_per_year_svg(title: str, series_label: str, rows) -> str:
    """A bar chart of ``rows`` ((year, hours, ...), oldest first) as SVG text."""
    chart = pygal.Bar(
        style=STYLE,
        width=560,
        height=300,
        show_legend=False,
        disable_xml_declaration=True,
        js=[],  # no scripts: an image cannot run them, and the table has the figures
        title=title,
        print_values=True,
        print_zeroes=False,
        value_formatter=lambda value: f"{value:g}",
        y_title=series_label,
        include_x_axis=True,
    )
    chart.x_labels = [str(row[0]) for row in rows]
    chart.add(series_label, [float(row[1]) for row in rows])
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def svg_data_uri(svg: str) -> str:
    """``svg`` as a data: URI for an <img>."""
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
