"""Staff list imports: read a CSV or Excel file and plan what it would change.

Nothing here writes: ``plan_import`` is the dry run, ``services.people_import`` applies
it. Clear ID numbers live only in memory; rows show and keep the masked form.

A file matches only the importer's own people (their agency and its units). An ID
number held by anybody else reads exactly like a new one, in the dry run and in the
import: the person is created apart and staff resolve it (``RowResult.held``), so
an upload never tells whether a number exists elsewhere.
"""

import csv
import io
import re
import secrets
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import id_vault, national_id
from .models import Agency, ImportBatch, Person
from .selectors import agency_list, person_list

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
EXTENSIONS = (".csv", ".xlsx")
# Big5 as Windows writes it (cp950) is what Excel in Taiwan saves CSV files as.
CSV_ENCODINGS = ("utf-8-sig", "cp950")
# IN lists stay well below the database's limit on query parameters.
_CHUNK = 1000

REQUIRED = ("national_id", "name", "agency_code")
OPTIONAL = ("employee_number", "job_title", "grade", "email", "phone")
# The Person fields a row may set, besides the agency.
PERSON_FIELDS = ("name", *OPTIONAL)

COLUMN_LABELS = {
    "national_id": gettext_lazy("National ID number"),
    "name": gettext_lazy("Name"),
    "agency_code": gettext_lazy("Agency code"),
    "employee_number": gettext_lazy("Employee number"),
    "job_title": gettext_lazy("Job title"),
    "grade": gettext_lazy("Grade"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
}
# The header each column is announced by in messages: the one on the template.
COLUMN_HEADERS = {
    "national_id": "身分證字號",
    "name": "姓名",
    "agency_code": "機關代碼",
    "employee_number": "人員代號",
    "job_title": "職稱",
    "grade": "職等",
    "email": "Email",
    "phone": "電話",
}
_ALIASES = {
    "national_id": ("身分證字號", "身分證統一編號", "身分證號", "nationalid"),
    "name": ("姓名", "name"),
    "agency_code": ("機關代碼", "agencycode"),
    "employee_number": ("人員代號", "employeenumber"),
    "job_title": ("職稱", "jobtitle"),
    "grade": ("職等", "grade"),
    "email": ("email", "電子郵件", "電子郵件信箱"),
    "phone": ("電話", "phone"),
}


def _header_key(text) -> str:
    return re.sub(r"[\s_\-]+", "", str(text or "").replace("\ufeff", "").casefold())


HEADER_MAP = {
    _header_key(alias): column
    for column, aliases in _ALIASES.items()
    for alias in aliases
}


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("Create")
    UPDATE = "update", gettext_lazy("Update")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    REFUSED = "refused", gettext_lazy("Refused")


@dataclass
class SourceRow:
    """One data row of the file, with the row number the user sees.

    ``sealed_id`` replaces the clear ID number once a row is kept between the dry
    run and the import: {"hash", "masked"} or {"invalid": [reasons], "masked"}.
    """

    number: int
    values: dict[str, str]
    sealed_id: dict | None = None


def seal_rows(rows: list[SourceRow]) -> list[dict]:
    """Rows fit to store: the clear ID number becomes its keyed hash and mask."""
    sealed = []
    for row in rows:
        values = dict(row.values)
        raw = values.pop("national_id", "")
        if not raw:
            seal = {}
        else:
            folded = national_id.normalise(raw)
            masked = national_id.mask(folded) if len(folded) >= 7 else "***"
            try:
                number = national_id.validate(raw)
            except ValidationError as error:
                seal = {"invalid": [str(m) for m in error.messages], "masked": masked}
            else:
                seal = {
                    "hash": national_id.hash_id(number),
                    "masked": masked,
                    "sealed": id_vault.seal(number),
                }
        sealed.append({"number": row.number, "values": values, "id": seal})
    return sealed


def unseal_rows(data: list[dict]) -> list[SourceRow]:
    return [
        SourceRow(number=item["number"], values=item["values"], sealed_id=item["id"])
        for item in data
    ]


@dataclass
class RowResult:
    """What importing one row would do, and why not if it is refused."""

    number: int
    action: str
    national_id_masked: str
    name: str
    agency_code: str = ""
    changed: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # For the service only: never rendered.
    national_id_hash: str = field(default="", repr=False)
    national_id_sealed: str = field(default="", repr=False)
    person: Person | None = field(default=None, repr=False)
    fields: dict = field(default_factory=dict, repr=False)
    # A CREATE row whose number another agency's record holds: created apart.
    held: bool = field(default=False, repr=False)

    @property
    def action_label(self) -> str:
        return Action(self.action).label

    @property
    def changed_labels(self) -> list[str]:
        return [str(Person._meta.get_field(name).verbose_name) for name in self.changed]


@dataclass
class ImportPlan:
    """The dry run of one file for one viewer."""

    rows: list[RowResult]
    viewer_id: int | None = None

    @property
    def refused(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == Action.REFUSED]

    @property
    def can_apply(self) -> bool:
        return bool(self.rows) and not self.refused

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action.values, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def audit_counts(self) -> dict[str, int]:
        """The counts with the rows held for review: for the audit log only."""
        held = sum(row.held for row in self.rows if row.action == Action.CREATE)
        return {**self.counts(), "held": held}


# Reading ---------------------------------------------------------------------


def check_upload(filename: str, size: int) -> None:
    """Refuse files of other types or over the size limit before reading them."""
    if PurePath(filename or "").suffix.lower() not in EXTENSIONS:
        raise ValidationError(
            _("Upload a CSV (.csv) or Excel (.xlsx) file."), code="file_type"
        )
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _("The file is larger than %(size)s MB.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)},
            code="file_size",
        )


def read_rows(*, filename: str, content: bytes) -> list[SourceRow]:
    """The file's data rows by column; ValidationError for whole-file problems."""
    check_upload(filename, len(content))
    return read_table(
        filename=filename,
        content=content,
        header_map=HEADER_MAP,
        required=REQUIRED,
        headers=COLUMN_HEADERS,
        labels=COLUMN_LABELS,
    )


def read_table(
    *,
    filename: str,
    content: bytes,
    header_map: dict[str, str],
    required,
    headers: dict,
    labels: dict,
    max_rows: int = MAX_ROWS,
) -> list[SourceRow]:
    """The data rows of a CSV (UTF-8 or Big5) or Excel file by column, for any
    column set (staff lists, the HR feed); ValidationError for whole-file problems."""
    if PurePath(filename).suffix.lower() == ".xlsx":
        table = _xlsx_table(content, max_rows)
    else:
        table = _csv_table(content)
    header = next(table, None)
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    positions = _columns(header, header_map, required, headers, labels)
    rows = []
    for number, cells in enumerate(table, start=2):
        values = {
            column: _text(cells[index]) if index < len(cells) else ""
            for column, index in positions.items()
        }
        if not any(values.values()):
            continue
        if len(rows) == max_rows:
            raise ValidationError(
                _("The file has more than %(count)s rows; split it into smaller files.")
                % {"count": f"{max_rows:,}"},
                code="too_many_rows",
            )
        rows.append(SourceRow(number=number, values=values))
    if not rows:
        raise ValidationError(_("The file has no data rows."), code="no_rows")
    return rows


def header_key(text) -> str:
    """A column header folded for matching (case, spaces, dashes, a BOM)."""
    return _header_key(text)


def _columns(header, header_map, required, headers, labels) -> dict[str, int]:
    positions, errors = {}, []
    for index, cell in enumerate(header):
        column = header_map.get(_header_key(cell))
        if column is None:
            continue
        if column in positions:
            errors.append(
                ValidationError(
                    _("The column “%(column)s” appears more than once."),
                    code="duplicate_column",
                    params={"column": headers[column]},
                )
            )
        positions[column] = index
    for column in required:
        if column not in positions:
            errors.append(
                ValidationError(
                    _("The required column “%(column)s” (%(label)s) is missing."),
                    code="missing_column",
                    params={"column": headers[column], "label": labels[column]},
                )
            )
    if errors:
        raise ValidationError(errors)
    return positions


def _csv_table(content: bytes):
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ValidationError(
            _("The CSV file could not be read: save it as UTF-8 or Big5 text."),
            code="encoding",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValidationError(_("The CSV file could not be read."), code="csv") from exc
    return iter(rows)


def _xlsx_table(content: bytes, max_rows: int = MAX_ROWS):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
    ) as exc:
        raise ValidationError(
            _("The Excel file could not be read."), code="xlsx"
        ) from exc
    try:
        rows, filled = [], 0
        for cells in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append(cells)
            filled += any(cell not in (None, "") for cell in cells)
            # Enough to tell "too many rows": a small file may unpack into a huge sheet.
            if filled > max_rows + 1:
                break
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ValidationError(
            _("The Excel file could not be read."), code="xlsx"
        ) from exc
    finally:
        workbook.close()
    return iter(rows)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return " ".join(str(value).split())


# Planning --------------------------------------------------------------------


def _chunks(items, size=_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch_in(queryset, lookup, values):
    """``queryset`` filtered by ``lookup__in=values``, one query per thousand."""
    found = []
    for chunk in _chunks(sorted(set(values))):
        found.extend(queryset.filter(**{f"{lookup}__in": chunk}))
    return found


def plan_import(*, viewer, rows: list[SourceRow]) -> ImportPlan:
    """The dry run: what each row would do, in at most six queries per 1,000 rows."""
    results, numbers = [], []
    for source in rows:
        result, number = _check_row(source)
        results.append(result)
        numbers.append(number)

    _refuse_duplicates(results, numbers)

    codes = {r.agency_code for r in results if r.agency_code}
    hashes = {r.national_id_hash for r in results if r.national_id_hash}
    agencies = {a.code: a for a in fetch_in(Agency.objects.all(), "code", codes)}
    allowed = {a.code for a in fetch_in(agency_list(viewer=viewer), "code", codes)}
    own = person_list(viewer=viewer).select_related("agency")
    # The viewer's own people by their number, or by a number held for review.
    mine = {
        **{p.national_id_claim: p for p in fetch_in(own, "national_id_claim", hashes)},
        **{p.national_id_hash: p for p in fetch_in(own, "national_id_hash", hashes)},
    }
    # Anybody else's numbers: only to hold those rows apart, never to tell.
    elsewhere = set(
        fetch_in(
            Person.objects.values_list("national_id_hash", flat=True),
            "national_id_hash",
            hashes - set(mine),
        )
    )

    for result, source in zip(results, rows, strict=True):
        code = result.agency_code
        if code and code not in agencies:
            result.reasons.append(_("Unknown agency code “%(code)s”.") % {"code": code})
        elif code and code not in allowed:
            result.reasons.append(
                _("The agency “%(code)s” is not one you manage.") % {"code": code}
            )
        if result.reasons:
            result.action = Action.REFUSED
            continue
        values = {
            name: source.values.get(name, "")
            for name in PERSON_FIELDS
            if source.values.get(name)
        }
        values["agency"] = agencies[code]
        person = mine.get(result.national_id_hash)
        if person is None:
            result.action = Action.CREATE
            result.fields = values
            result.held = result.national_id_hash in elsewhere
        else:
            result.person = person
            result.fields = {
                name: value
                for name, value in values.items()
                if getattr(person, name if name != "agency" else "agency_id")
                != (value.pk if name == "agency" else value)
            }
            result.changed = list(result.fields)
            result.action = Action.UPDATE if result.changed else Action.UNCHANGED
    return ImportPlan(rows=results, viewer_id=getattr(viewer, "pk", None))


def _check_row(source: SourceRow) -> tuple[RowResult, str]:
    """Checks one row needs no database for; returns the result and the clear ID."""
    values = source.values
    reasons = []
    raw_id = values.get("national_id", "")
    number = digest = masked = sealed = ""
    if source.sealed_id is not None:
        seal = source.sealed_id
        masked = seal.get("masked", "")
        digest = seal.get("hash", "")
        sealed = seal.get("sealed", "")
        number = digest  # stands for the number in the duplicate check
        if not seal:
            reasons.append(_("The national ID number is missing."))
        reasons.extend(seal.get("invalid", []))
    elif not raw_id:
        reasons.append(_("The national ID number is missing."))
    else:
        try:
            number = national_id.validate(raw_id)
        except ValidationError as error:
            reasons.extend(str(m) for m in error.messages)
            folded = national_id.normalise(raw_id)
            masked = national_id.mask(folded) if len(folded) >= 7 else "***"
        else:
            digest = national_id.hash_id(number)
            masked = national_id.mask(number)
            sealed = id_vault.seal(number)
    if not values.get("name"):
        reasons.append(_("The name is missing."))
    if not values.get("agency_code"):
        reasons.append(_("The agency code is missing."))
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            reasons.append(
                _("“%(email)s” is not a valid e-mail address.")
                % {"email": values["email"]}
            )
    for name in PERSON_FIELDS:
        limit = Person._meta.get_field(name).max_length
        if limit and len(values.get(name, "")) > limit:
            reasons.append(
                _("%(column)s is longer than %(limit)s characters.")
                % {"column": COLUMN_LABELS[name], "limit": limit}
            )
    result = RowResult(
        number=source.number,
        action=Action.REFUSED if reasons else "",
        national_id_masked=masked,
        name=values.get("name", ""),
        agency_code=values.get("agency_code", ""),
        reasons=reasons,
        national_id_hash=digest,
        national_id_sealed=sealed,
    )
    return result, number


def _refuse_duplicates(results: list[RowResult], numbers: list[str]) -> None:
    rows_by_number = defaultdict(list)
    for result, number in zip(results, numbers, strict=True):
        if number:
            rows_by_number[number].append(result.number)
    for result, number in zip(results, numbers, strict=True):
        others = [n for n in rows_by_number.get(number, []) if n != result.number]
        if others:
            result.reasons.append(
                _("The same national ID number is also on row %(rows)s.")
                % {"rows": ", ".join(map(str, others))}
            )
            result.action = Action.REFUSED


def new_username() -> str:
    """A user name for a person created by an import: random, so that it says
    nothing about the ID number."""
    User = get_user_model()
    while True:
        username = "p" + secrets.token_hex(6)
        if not User.objects.filter(username=username).exists():
            return username


def plan_sealed(*, viewer, rows: list[dict]) -> ImportPlan:
    """Plan rows kept by ``seal_rows`` (no clear ID numbers)."""
    return plan_import(viewer=viewer, rows=unseal_rows(rows))


def plan_file(*, viewer, filename: str, content: bytes) -> ImportPlan:
    """Read and plan a file in one step; ValidationError for file-level problems."""
    return plan_import(
        viewer=viewer, rows=read_rows(filename=filename, content=content)
    )


# Batches ---------------------------------------------------------------------


def import_batch_list(*, viewer):
    """The viewer's own uploads, newest first; nobody sees another user's batches."""
    if viewer is None or not viewer.is_authenticated:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(uploaded_by=viewer).defer("rows")


def import_batch_get(*, viewer, pk) -> ImportBatch:
    """One of the viewer's own uploads; 404 for anybody else's."""
    if viewer is None or not viewer.is_authenticated:
        return get_object_or_404(ImportBatch.objects.none(), pk=pk)
    return get_object_or_404(ImportBatch.objects.filter(uploaded_by=viewer), pk=pk)
