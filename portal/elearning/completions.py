"""E-learning completions as they come in: one dataclass for a completion, the
CSV (or Excel) reader with its documented columns (docs/elearning-completions.md).

Nothing here touches the database: ``selectors.completion_plan`` matches, the
services write."""

import datetime
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.imports import check_upload, header_key, read_table

MAX_ROWS = 20_000

COLUMNS = ("course", "username", "employee_number", "email", "completed_at")
REQUIRED = ("course", "completed_at")
PERSON_COLUMNS = ("username", "employee_number", "email")

COLUMN_HEADERS = {
    "course": "課程代碼",
    "username": "帳號",
    "employee_number": "人員代號",
    "email": "Email",
    "completed_at": "完成時間",
}
COLUMN_LABELS = {
    "course": gettext_lazy(
        "The course's ID on the e-learning platform, or the session code"
    ),
    "username": gettext_lazy("Platform username (the same as the portal's)"),
    "employee_number": gettext_lazy("Employee number"),
    "email": gettext_lazy("E-mail"),
    "completed_at": gettext_lazy("When the online course was finished"),
}
_ALIASES = {
    "course": ("課程代碼", "課程編號", "course", "courseid", "course_id", "idnumber"),
    "username": ("帳號", "使用者帳號", "username", "user"),
    "employee_number": ("人員代號", "員工編號", "employeenumber", "employee_number"),
    "email": ("email", "e-mail", "電子郵件", "電子郵件信箱"),
    "completed_at": (
        "完成時間",
        "完成日期",
        "completed_at",
        "completedat",
        "timecompleted",
        "completed",
    ),
}
HEADER_MAP = {
    header_key(alias): column
    for column, aliases in _ALIASES.items()
    for alias in aliases
}

_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class Completion:
    """One finished online course as the platform reports it: the course (its
    platform ID or a session code), the person (any of username, employee number,
    e-mail) and when. ``row`` is the line of the file (or the order of the pull)."""

    row: int
    course: str
    completed_at: datetime.datetime
    username: str = ""
    employee_number: str = ""
    email: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data["completed_at"] = self.completed_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Completion":
        return cls(
            **{
                **data,
                "completed_at": datetime.datetime.fromisoformat(data["completed_at"]),
            }
        )


def parse_time(text: str) -> datetime.datetime | None:
    """A completion time as typed: ``2026-03-05``, ``2026/3/5 14:30``, ISO 8601
    with or without an offset, or a Unix timestamp (the platform's
    ``timecompleted``). Times without an offset are the institute's local time;
    a date alone is its start. None if it cannot be read."""
    text = (text or "").strip()
    if text.isdigit() and len(text) >= 9:
        try:
            return datetime.datetime.fromtimestamp(int(text), tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        value = datetime.datetime(
            int(year), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0),
        )  # fmt: skip
    except ValueError:
        return None
    if offset:
        if offset == "Z":
            tz = datetime.UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            tz = datetime.timezone(
                sign
                * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            )
        return value.replace(tzinfo=tz)
    return timezone.make_aware(value)


def read_file(*, filename: str, content: bytes) -> list[Completion]:
    """The completions of a CSV (UTF-8 or Big5) or Excel file. The whole file is
    refused (ValidationError listing every problem) if a column is missing or any
    row lacks a course, a person or a readable time: then nothing is imported."""
    check_upload(filename, len(content))
    rows = read_table(
        filename=filename,
        content=content,
        header_map=HEADER_MAP,
        required=REQUIRED,
        headers=COLUMN_HEADERS,
        labels=COLUMN_LABELS,
        max_rows=MAX_ROWS,
    )
    if not any(column in rows[0].values for column in PERSON_COLUMNS):
        raise ValidationError(
            _("The file needs a column naming the person: %(columns)s.")
            % {"columns": ", ".join(COLUMN_HEADERS[c] for c in PERSON_COLUMNS)},
            code="missing_column",
        )
    completions, errors = [], []
    for source in rows:
        values = source.values
        problems = []
        if not values.get("course"):
            problems.append(_("the course is missing"))
        if not any(values.get(column) for column in PERSON_COLUMNS):
            problems.append(_("no username, employee number or e-mail"))
        at = parse_time(values.get("completed_at", ""))
        if at is None:
            problems.append(
                _("“%(value)s” is not a date and time")
                % {"value": values.get("completed_at", "")[:40]}
            )
        if problems:
            errors.append(
                ValidationError(
                    _("Row %(row)s: %(problems)s.")
                    % {"row": source.number, "problems": "; ".join(problems)},
                    code="bad_row",
                )
            )
            continue
        completions.append(
            Completion(
                row=source.number,
                course=values["course"][:100],
                completed_at=at,
                username=values.get("username", "")[:150],
                employee_number=values.get("employee_number", "")[:30],
                email=values.get("email", "")[:254],
            )
        )
    if errors:
        raise ValidationError(errors)
    return completions
