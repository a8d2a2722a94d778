"""A volunteer's hours certificate (志願服務時數證明), a one-page PDF.

Text is set in ReportLab's built-in CID font MSung-Light like the training
certificates, so it stays text (searchable and readable by screen readers).
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal.certificates.document import cjk_font, clean_text


def hours_certificate_pdf(*, volunteer, summary: dict, institute: str) -> bytes:
    """The year's served hours per month, with the totals, for ``volunteer``."""
    font = cjk_font()
    title = ParagraphStyle(
        "title", fontName=font, fontSize=20, leading=28, alignment=TA_CENTER
    )
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20)
    cell = ParagraphStyle("cell", fontName=font, fontSize=11, leading=15)

    def p(text, style=body):
        return Paragraph(escape(clean_text(text)), style)

    rows = [[p(_("Month"), cell), p(_("Shifts"), cell), p(_("Hours"), cell)]]
    for month in summary["months"]:
        if month["shifts"]:
            rows.append(
                [
                    p(f"{summary['year']}-{month['month']:02d}", cell),
                    p(str(month["shifts"]), cell),
                    p(str(month["hours"]), cell),
                ]
            )
    rows.append(
        [
            p(_("Total"), cell),
            p(str(summary["shifts"]), cell),
            p(str(summary["hours"]), cell),
        ]
    )
    table = Table(rows, colWidths=[50 * mm, 40 * mm, 40 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f5f5f5")),
            ]
        )
    )
    story = [
        p(_("Volunteer service hours certificate"), title),
        Spacer(1, 10 * mm),
        p(
            _(
                "%(name)s served as a volunteer of %(institute)s in %(year)s for "
                "%(hours)s hours in %(shifts)s shifts, counted from clock-in to "
                "clock-out (travel not included)."
            )
            % {
                "name": volunteer.name,
                "institute": institute,
                "year": summary["year"],
                "hours": summary["hours"],
                "shifts": summary["shifts"],
            }
        ),
        Spacer(1, 8 * mm),
        table,
        Spacer(1, 12 * mm),
        p(
            _("Issued by %(institute)s on %(date)s.")
            % {"institute": institute, "date": timezone.localdate().isoformat()}
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=clean_text(_("Volunteer service hours certificate")),
        author=clean_text(institute),
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=30 * mm,
    ).build(story)
    return buffer.getvalue()
