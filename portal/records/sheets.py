"""The grade sheet of a session: written for organizers (or lecturers) to fill in,
read back into rows for ``grade_bulk_save``. Columns are named with their key in
brackets, so a sheet reads the same in either language."""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from portal.accounts.names import display_name
from portal.common import exports

from . import grading

MAX_FILE_SIZE = 2 * 1024 * 1024
_KEY = re.compile(r"\(([-\w]+)\)\s*$")


def _headers(scheme):
    return (
        [_("No.") + " (id)", _("Name") + " (name)", _("Agency") + " (agency)"]
        + [f"{part.name} ({part.key})" for part in grading.entered_parts(scheme)]
        + [_("Adjustment") + " (adjustment)", _("Reason") + " (reason)"]
    )


def grade_sheet_xlsx(*, session, enrolments):
    """The sheet of ``enrolments`` (already scoped) with their scores so far."""
    scheme = session.course.grade_scheme
    parts = grading.entered_parts(scheme)
    rows = []
    for enrolment in enrolments:
        record = getattr(enrolment, "record", None)
        scores = record.grade_parts if record else {}
        rows.append(
            [enrolment.pk, display_name(enrolment.user), str(enrolment.agency or "")]
            + [scores.get(part.key, "") for part in parts]
            + [
                record.grade_adjustment if record else "",
                record.grade_adjustment_reason if record else "",
            ]
        )
    return exports.xlsx_response(
        f"grades-{session.code}-{session.term}.xlsx",
        _("Grades"),
        _headers(scheme),
        rows,
    )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def grade_sheet_read(*, upload, enrolments) -> list[dict]:
    """Rows for ``grade_bulk_save`` from an uploaded sheet; a row whose number is
    not one of ``enrolments`` is refused, naming its line."""
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 2 MB."), code="too_large")
    try:
        workbook = load_workbook(
            io.BytesIO(upload.read()), read_only=True, data_only=True
        )
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(
            _("The Excel file could not be read."), code="xlsx"
        ) from None
    lines = workbook.active.iter_rows(values_only=True)
    header = next(lines, None) or ()
    keys = [(_KEY.search(str(h or "")) or [None, None])[1] for h in header]
    if "id" not in keys:
        raise ValidationError(
            _("The sheet has no number column; download the sheet and fill it in."),
            code="no_id_column",
        )
    by_id = {str(e.pk): e for e in enrolments}
    rows, errors = [], []
    for number, line in enumerate(lines, start=2):
        values = {
            key: _cell(value)
            for key, value in zip(keys, line, strict=False)
            if key is not None
        }
        if not any(values.values()):
            continue
        enrolment = by_id.get(values.pop("id", ""))
        if enrolment is None:
            errors.append(
                _("Line %(line)s: not a trainee of this session.") % {"line": number}
            )
            continue
        values.pop("name", None), values.pop("agency", None)
        rows.append(
            {
                "enrolment": enrolment,
                "adjustment": values.pop("adjustment", "") or None,
                "reason": values.pop("reason", ""),
                "scores": values,
            }
        )
    if errors:
        raise ValidationError(errors)
    return rows
