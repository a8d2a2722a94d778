"""Formula escaping for every spreadsheet the project writes (CSV and XLSX).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break is
read by Excel and LibreOffice as a formula (``=HYPERLINK(...)`` leaks data,
DDE runs programs). Text typed by people is prefixed with an apostrophe, which
the spreadsheet shows as plain text. Numbers, dates and None pass unchanged.

One function, ``escape_formula``, is used by portal.common.exports (the site's and the
admin's own exports) and, through ``protect_wagtail_exports``, by every Wagtail
listing export: the ``list_export`` of snippet and model viewsets and Wagtail's
own reports, whose CSV would otherwise carry formulas as they are.
"""

# Full-width forms too: Excel with an East Asian input method takes them as
# the ASCII operator.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def escape_formula(value):
    """``value`` made safe for a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_cell(value):
    """``value`` escaped, without the control characters that XLSX cannot hold
    (openpyxl refuses them, which would fail the whole export)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = escape_formula(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def protect_wagtail_exports():
    """Make Wagtail's spreadsheet export escape every cell (once per process)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "escapes_formulas", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_XLSX:
            return xlsx_cell(value)
        return escape_formula(value)

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.escapes_formulas = True
