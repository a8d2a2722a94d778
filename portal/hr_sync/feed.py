"""The HR system's feed: read it (CSV, Excel or JSON) and plan what it changes.

Nothing here writes: ``plan_feed`` is the dry run, ``services.hr_sync_apply``
carries it out. The feed is the city's authority on who works where, so it is
planned over everybody (no viewer's scope), matched on the keyed hash of the
national ID number. People the feed does not mention are left alone: a partial
feed never deactivates anyone; leavers come with a status that says so.
"""

import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts import id_vault, imports, national_id
from portal.accounts.models import Agency, EmploymentStatus, Person

EXTENSIONS = (".csv", ".xlsx", ".json")

REQUIRED = ("national_id", "name", "agency_code")
# Person fields the feed sets as they are.
PLAIN_FIELDS = (
    "name",
    "employee_number",
    "job_title",
    "grade",
    "email",
    "phone",
    "supervisor_level",
)
COLUMN_LABELS = {
    "national_id": gettext_lazy("National ID number"),
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Birth date"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "agency_code": gettext_lazy("Agency code"),
    "unit_code": gettext_lazy("Unit code"),
    "employee_number": gettext_lazy("Employee number"),
    "job_title": gettext_lazy("Job title"),
    "grade": gettext_lazy("Grade"),
    "supervisor_level": gettext_lazy("Supervisor level"),
    "status": gettext_lazy("Employment status"),
    "effective_date": gettext_lazy("Effective date"),
}
COLUMN_HEADERS = {
    "national_id": "身分證字號",
    "name": "姓名",
    "birth_date": "出生日期",
    "email": "公務信箱",
    "phone": "辦公室電話",
    "agency_code": "機關代碼",
    "unit_code": "單位代碼",
    "employee_number": "人員代號",
    "job_title": "職稱",
    "grade": "官職等",
    "supervisor_level": "主管級別",
    "status": "現職狀態",
    "effective_date": "異動日期",
}
_ALIASES = {
    "national_id": (
        "身分證字號",
        "身分證統一編號",
        "national_id",
        "nationalid",
        "idno",
    ),
    "name": ("姓名", "name"),
    "birth_date": ("出生日期", "生日", "birth_date", "birthdate"),
    "email": ("公務信箱", "電子郵件", "email", "office_email"),
    "phone": ("辦公室電話", "電話", "phone", "office_phone"),
    "agency_code": ("機關代碼", "agency_code", "agencycode"),
    "unit_code": ("單位代碼", "unit_code", "unitcode"),
    "employee_number": ("人員代號", "employee_number", "employeenumber"),
    "job_title": ("職稱", "job_title", "jobtitle"),
    "grade": ("官職等", "職等", "grade"),
    "supervisor_level": ("主管級別", "supervisor_level", "supervisorlevel"),
    "status": ("現職狀態", "在職狀態", "status", "employment_status"),
    "effective_date": ("異動日期", "生效日期", "effective_date", "effectivedate"),
}
HEADER_MAP = {
    imports.header_key(alias): column
    for column, aliases in _ALIASES.items()
    for alias in aliases
}
# What the HR system writes for each status (its codes and its words).
_STATUSES = {
    "": EmploymentStatus.ACTIVE,
    "1": EmploymentStatus.ACTIVE,
    "在職": EmploymentStatus.ACTIVE,
    "現職": EmploymentStatus.ACTIVE,
    "active": EmploymentStatus.ACTIVE,
    "2": EmploymentStatus.RESIGNED,
    "離職": EmploymentStatus.RESIGNED,
    "辭職": EmploymentStatus.RESIGNED,
    "resigned": EmploymentStatus.RESIGNED,
    "3": EmploymentStatus.RETIRED,
    "退休": EmploymentStatus.RETIRED,
    "retired": EmploymentStatus.RETIRED,
}


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("Create")
    UPDATE = "update", gettext_lazy("Update")
    TRANSFER = "transfer", gettext_lazy("Transfer")
    LEAVE = "leave", gettext_lazy("Leaves service")
    REJOIN = "rejoin", gettext_lazy("Back in service")
    LATER = "later", gettext_lazy("Takes effect later")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass
class FeedRow:
    """What one row of the feed does to one person; never holds the clear ID."""

    number: int
    action: str = ""
    national_id_masked: str = ""
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    national_id_hash: str = field(default="", repr=False)
    national_id_sealed: str = field(default="", repr=False)
    person: Person | None = field(default=None, repr=False)
    agency: Agency | None = field(default=None, repr=False)
    status: str = EmploymentStatus.ACTIVE
    effective_date: datetime.date | None = None
    fields: dict = field(default_factory=dict, repr=False)
    changed: list[str] = field(default_factory=list)

    def problem(self) -> dict:
        return {
            "row": self.number,
            "national_id": self.national_id_masked,
            "name": self.name,
            "reasons": self.reasons,
        }


@dataclass
class FeedPlan:
    rows: list[FeedRow]
    effective_date: datetime.date

    @property
    def refused(self) -> list[FeedRow]:
        return [row for row in self.rows if row.action == Action.REFUSED]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action.values, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


# Reading ---------------------------------------------------------------------


def read_feed(*, filename: str, content: bytes, max_rows: int) -> list:
    """The feed's rows by column; ValidationError for whole-file problems."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in EXTENSIONS:
        raise ValidationError(
            _("The HR feed must be a .csv, .xlsx or .json file."), code="file_type"
        )
    if suffix == ".json":
        return _json_rows(content, max_rows)
    return imports.read_table(
        filename=filename,
        content=content,
        header_map=HEADER_MAP,
        required=REQUIRED,
        headers=COLUMN_HEADERS,
        labels=COLUMN_LABELS,
        max_rows=max_rows,
    )


def _json_rows(content: bytes, max_rows: int) -> list:
    """A JSON list of objects (or {"people": [...]}) keyed like the CSV headers."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            _("The JSON feed could not be read."), code="json"
        ) from exc
    if isinstance(data, dict):
        data = data.get("people")
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise ValidationError(
            _("The JSON feed must be a list of people (objects)."), code="json"
        )
    if not data:
        raise ValidationError(_("The file has no data rows."), code="no_rows")
    if len(data) > max_rows:
        raise ValidationError(
            _("The file has more than %(count)s rows; split it into smaller files.")
            % {"count": f"{max_rows:,}"},
            code="too_many_rows",
        )
    keys = {key for item in data for key in item}
    columns = {key: HEADER_MAP.get(imports.header_key(key)) for key in keys}
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        raise ValidationError(
            [
                ValidationError(
                    _("The required column “%(column)s” (%(label)s) is missing."),
                    code="missing_column",
                    params={"column": c, "label": COLUMN_LABELS[c]},
                )
                for c in missing
            ]
        )
    rows = []
    for number, item in enumerate(data, start=1):
        values = {
            columns[key]: _json_text(value)
            for key, value in item.items()
            if columns.get(key)
        }
        rows.append(imports.SourceRow(number=number, values=values))
    return rows


def _json_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    return " ".join(str(value).split())


_ROC = re.compile(r"^(\d{2,3})[-/.]?(\d{2})[-/.]?(\d{2})$")


def parse_date(text: str) -> datetime.date:
    """An ISO, slashed or ROC-calendar date (1980-05-19, 1980/05/19, 69-05-19,
    0690519); ValueError when it is none of these."""
    text = text.strip()[:10]
    match = _ROC.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year + 1911, month, day)
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"):
        try:
            parsed = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if parsed.year >= 1900:
            return parsed
    raise ValueError(text)


# Planning --------------------------------------------------------------------


def plan_feed(*, rows: list, today: datetime.date) -> FeedPlan:
    """What each row would do, in a few queries per thousand rows."""
    results = [_check_row(source, today) for source in rows]
    _refuse_duplicates(results)

    codes = set()
    for source in rows:
        codes.update(
            c for c in (source.values.get("agency_code"), source.values.get("unit_code"))
            if c
        )  # fmt: skip
    agencies = {
        a.code: a for a in imports.fetch_in(Agency.objects.all(), "code", codes)
    }
    hashes = {r.national_id_hash for r in results if r.national_id_hash}
    people = {
        p.national_id_hash: p
        for p in imports.fetch_in(
            Person.objects.select_related("agency", "user"), "national_id_hash", hashes
        )
    }
    for result, source in zip(results, rows, strict=True):
        _place(result, source.values, agencies)
        if result.reasons:
            result.action = Action.REFUSED
            continue
        _decide(result, source.values, people.get(result.national_id_hash), today)
    return FeedPlan(rows=results, effective_date=today)


def _check_row(source, today) -> FeedRow:
    values = source.values
    result = FeedRow(number=source.number, name=values.get("name", ""))
    raw = values.get("national_id", "")
    if not raw:
        result.reasons.append(_("The national ID number is missing."))
    else:
        try:
            number = national_id.validate(raw)
        except ValidationError as error:
            result.reasons.extend(str(m) for m in error.messages)
            folded = national_id.normalise(raw)
            result.national_id_masked = (
                national_id.mask(folded) if len(folded) >= 7 else "***"
            )
        else:
            result.national_id_hash = national_id.hash_id(number)
            result.national_id_masked = national_id.mask(number)
            result.national_id_sealed = id_vault.seal(number)
    if not values.get("name"):
        result.reasons.append(_("The name is missing."))
    if not values.get("agency_code"):
        result.reasons.append(_("The agency code is missing."))
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            result.reasons.append(
                _("“%(email)s” is not a valid e-mail address.")
                % {"email": values["email"]}
            )
    for name in PLAIN_FIELDS:
        limit = Person._meta.get_field(name).max_length
        if limit and len(values.get(name, "")) > limit:
            result.reasons.append(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": COLUMN_LABELS[name], "limit": limit}
            )
    status = _STATUSES.get(values.get("status", "").casefold())
    if status is None:
        result.reasons.append(
            _("Unknown employment status “%(status)s”.")
            % {"status": values.get("status", "")}
        )
    else:
        result.status = status
    for column in ("birth_date", "effective_date"):
        if values.get(column):
            try:
                parsed = parse_date(values[column])
            except ValueError:
                result.reasons.append(
                    _("%(column)s “%(value)s” is not a date.")
                    % {"column": COLUMN_LABELS[column], "value": values[column]}
                )
                continue
            if column == "birth_date":
                result.fields["birth_date"] = parsed
            else:
                result.effective_date = parsed
    result.effective_date = result.effective_date or today
    return result


def _refuse_duplicates(results: list[FeedRow]) -> None:
    rows_by_hash = defaultdict(list)
    for result in results:
        if result.national_id_hash:
            rows_by_hash[result.national_id_hash].append(result.number)
    for result in results:
        others = [
            n
            for n in rows_by_hash.get(result.national_id_hash, [])
            if n != result.number
        ]
        if result.national_id_hash and others:
            result.reasons.append(
                _("The same national ID number is also on row %(rows)s.")
                % {"rows": ", ".join(map(str, others))}
            )


def _place(result: FeedRow, values: dict, agencies: dict) -> None:
    """The agency the row puts the person in: the unit if given (it must belong
    to the agency), else the agency."""
    code, unit_code = values.get("agency_code", ""), values.get("unit_code", "")
    agency = agencies.get(code)
    if code and agency is None:
        result.reasons.append(_("Unknown agency code “%(code)s”.") % {"code": code})
        return
    if unit_code:
        unit = agencies.get(unit_code)
        if unit is None:
            result.reasons.append(
                _("Unknown unit code “%(code)s”.") % {"code": unit_code}
            )
            return
        if agency is not None and not unit.path.startswith(agency.path):
            result.reasons.append(
                _("The unit “%(unit)s” does not belong to the agency “%(code)s”.")
                % {"unit": unit_code, "code": code}
            )
            return
        agency = unit
    result.agency = agency


def _decide(result: FeedRow, values: dict, person: Person | None, today) -> None:
    fields = {
        **{name: values[name] for name in PLAIN_FIELDS if values.get(name)},
        **result.fields,
    }
    leaving = result.status != EmploymentStatus.ACTIVE
    if person is None:
        # Somebody who left before the portal ever knew them: nothing to record.
        result.action = Action.UNCHANGED if leaving else Action.CREATE
        result.fields = fields
        return
    result.person = person
    result.fields = {
        name: value for name, value in fields.items() if getattr(person, name) != value
    }
    result.changed = list(result.fields)
    # An account staff closed by hand stays closed: only a leaver comes back.
    was_out = person.employment_status != EmploymentStatus.ACTIVE
    if leaving:
        result.action = Action.UNCHANGED if was_out else Action.LEAVE
    elif was_out:
        result.action = Action.REJOIN
    elif person.agency_id != result.agency.pk:
        result.action = Action.TRANSFER
    else:
        result.action = Action.UPDATE if result.changed else Action.UNCHANGED
    # A move dated ahead waits for that day's feed; the other fields change now.
    if (
        result.action in (Action.TRANSFER, Action.LEAVE, Action.REJOIN)
        and result.effective_date > today
    ):
        result.action = Action.LATER
