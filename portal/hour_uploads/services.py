"""Study-hour uploads: make a batch, write its files (decrypting the ID numbers
through the logged disclosure) and import the portal's result file."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts import access, national_id
from portal.accounts.services import national_ids_disclose

from . import profiles, selectors
from .models import RowStatus, UploadBatch, UploadRow

# The portal's result file: the columns it is read by (docs/hour-uploads.md).
RESULT_HEADERS = ("上傳結果", "處理結果", "匯入結果", "結果", "狀態")
MESSAGE_HEADERS = ("錯誤訊息", "訊息", "說明", "錯誤原因", "原因", "備註")
ACCEPTED_VALUES = {"成功", "通過", "正確", "已匯入", "匯入成功", "y", "ok", "1", "true"}
REFUSED_VALUES = {
    "失敗",
    "錯誤",
    "退件",
    "不通過",
    "匯入失敗",
    "n",
    "fail",
    "0",
    "false",
}
RESULT_MAX_BYTES = 10 * 1024 * 1024


def _profile(key: str) -> profiles.Profile:
    profile = profiles.get(key or "")
    if profile is None:
        raise ValidationError(_("Unknown upload profile."), code="unknown_profile")
    return profile


@transaction.atomic
def upload_batch_create(
    *, viewer, profile_key: str, year: int, session_ids=None, reupload: bool = False
) -> UploadBatch:
    """A batch of the records the preview would upload; refused when none would
    go. The records left out are kept on the batch with why."""
    if not access.can_see_agency_pages(viewer):
        raise PermissionDenied
    profile = _profile(profile_key)
    if profile not in profiles.CURRENT:
        raise ValidationError(
            _("This profile version is kept for old uploads only."), code="old_profile"
        )
    preview = selectors.upload_preview(
        viewer=viewer, profile=profile, year=year, session_ids=session_ids,
        reupload=reupload,
    )  # fmt: skip
    if not preview.lines:
        raise ValidationError(
            _("Nothing to upload: no completed record qualifies."), code="empty"
        )
    staff = access.is_institute_staff(viewer)
    batch = UploadBatch.objects.create(
        profile=profile.key,
        portal=profile.portal,
        year=year,
        agency=None if staff else access.hr_agency_of(viewer),
        created_by=viewer,
        created_by_name=viewer.get_username(),
        row_count=len(preview.lines),
        file_count=preview.file_count,
        problems=[p.as_dict() for p in preview.problems + preview.skipped],
    )
    batch.sessions.set(preview.session_ids)
    rows = []
    for file_number, chunk in enumerate(profile.chunks(preview.lines), start=1):
        for line_number, line in enumerate(chunk, start=1):
            rows.append(
                UploadRow(
                    batch=batch,
                    record=line.record,
                    person=line.person,
                    file_number=file_number,
                    line_number=line_number,
                    cells=line.cells,
                )
            )
    UploadRow.objects.bulk_create(rows, batch_size=500)
    return batch


def upload_batch_files(*, viewer, batch) -> list[tuple[str, bytes]]:
    """The batch's files written again, with the ID numbers decrypted through
    ``national_ids_disclose`` (logged: who, when, which batch, how many)."""
    profile = _profile(batch.profile)
    rows = list(selectors.batch_rows(batch=batch))
    people = {row.person_id: row.person for row in rows}
    try:
        numbers = national_ids_disclose(
            viewer=viewer,
            people=people.values(),
            purpose=f"Study-hour upload {batch.profile} #{batch.pk}",
        )
    except PermissionDenied:
        raise ValidationError(
            _(
                "Some people of this upload are no longer in your agency; ask the "
                "institute to download it."
            ),
            code="out_of_scope",
        ) from None
    missing = [people[pk].name for pk in people if pk not in numbers]
    if missing:
        raise ValidationError(
            _("No national ID on file any more for: %(names)s.")
            % {"names": "、".join(missing[:10])},
            code="no_national_id",
        )
    lines = []
    for row in rows:
        cells = list(row.cells)
        cells[profile.id_column] = numbers[row.person_id]
        lines.append(cells)
    UploadBatch.objects.filter(pk=batch.pk).update(downloads=F("downloads") + 1)
    return profile.render(lines=lines, batch_id=batch.pk, year=batch.year)


def upload_batch_download(*, viewer, batch):
    """(file name, content type, bytes): one CSV, or a zip of several."""
    files = upload_batch_files(viewer=viewer, batch=batch)
    return profiles.download(
        _profile(batch.profile), files, batch_id=batch.pk, year=batch.year,
        at=timezone.localtime(batch.created_at),
    )  # fmt: skip


# The portal's result file --------------------------------------------------------


@dataclass
class ResultReport:
    accepted: int = 0
    refused: int = 0
    unchanged: int = 0
    unknown: list = field(default_factory=list)  # [{"line", "id", "code", "term"}]


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The result file is neither UTF-8 nor Big5 text."), code="encoding"
    )


def _column(header: list[str], names) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _parse_result(profile, content: bytes):
    """[(line, id number, code, term, status, message)], or ValidationError
    naming what is wrong; nothing is written."""
    if not content:
        raise ValidationError(_("The result file is empty."), code="empty")
    if len(content) > RESULT_MAX_BYTES:
        raise ValidationError(_("The result file is too large."), code="too_large")
    text = _decode(content)
    if "\x00" in text:
        raise ValidationError(_("The result file is not a CSV file."), code="binary")
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ValidationError(
            _("The result file is not a CSV file."), code="csv"
        ) from error
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ValidationError(_("The result file is empty."), code="empty")
    header = [cell.strip() for cell in table[0]]
    wanted = {
        "id": _column(header, (profile.id_header,)),
        "code": _column(header, (profile.code_header,)),
        "term": _column(header, (profile.term_header,)),
        "result": _column(header, RESULT_HEADERS),
    }
    absent = [name for name, index in wanted.items() if index is None]
    if absent:
        names = {
            "id": profile.id_header,
            "code": profile.code_header,
            "term": profile.term_header,
            "result": RESULT_HEADERS[0],
        }
        raise ValidationError(
            _("The result file lacks the column(s) %(columns)s.")
            % {"columns": "、".join(names[a] for a in absent)},
            code="columns",
        )
    message_at = _column(header, MESSAGE_HEADERS)
    parsed, errors = [], []
    for line, row in enumerate(table[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        verdict = cells[wanted["result"]].strip()
        if verdict.lower() in ACCEPTED_VALUES:
            status = RowStatus.ACCEPTED
        elif verdict.lower() in REFUSED_VALUES:
            status = RowStatus.REFUSED
        else:
            errors.append(
                _("Line %(line)s: result %(value)s is not understood.")
                % {"line": line, "value": f"「{verdict[:20]}」"}
            )
            continue
        message = cells[message_at].strip()[:500] if message_at is not None else ""
        parsed.append(
            (
                line,
                cells[wanted["id"]].strip(),
                cells[wanted["code"]].strip(),
                cells[wanted["term"]].strip(),
                status,
                message,
            )
        )
    if errors:
        raise ValidationError(errors[:5], code="result_values")
    if not parsed:
        raise ValidationError(_("The result file has no rows."), code="no_rows")
    return parsed


def _key_hash(number: str) -> str | None:
    try:
        return national_id.hash_id(national_id.validate(number))
    except ValidationError:
        return None


@transaction.atomic
def upload_result_import(*, viewer, batch, filename: str, content: bytes):
    """Mark the batch's rows accepted or refused from the portal's result file,
    matched by national ID (through its keyed hash), session code and term.

    A malformed file changes nothing; importing the same file again changes
    nothing more (each row then counts as unchanged); rows the batch does not
    hold are reported."""
    if not access.can_see_agency_pages(viewer):
        raise PermissionDenied
    profile = _profile(batch.profile)
    parsed = _parse_result(profile, content)
    batch = UploadBatch.objects.select_for_update().get(pk=batch.pk)
    rows = {}
    for row in batch.rows.select_related("person", "record__session"):
        session = row.record.session
        rows[(row.person.national_id_hash, session.code, str(session.term))] = row
    report = ResultReport()
    changed = []
    for line, number, code, term, status, message in parsed:
        row = rows.get((_key_hash(number), code, term.lstrip("0") or term))
        if row is None:
            report.unknown.append(
                {
                    "line": line,
                    "id": national_id.mask(number) if number else "",
                    "code": code,
                    "term": term,
                }
            )
            continue
        if row.status == status and row.message == message:
            report.unchanged += 1
            continue
        row.status, row.message, row.updated_at = status, message, timezone.now()
        changed.append(row)
        if status == RowStatus.ACCEPTED:
            report.accepted += 1
        else:
            report.refused += 1
    UploadRow.objects.bulk_update(
        changed, ["status", "message", "updated_at"], batch_size=500
    )
    batch.result_imported_at = timezone.now()
    batch.result_filename = (filename or "")[:255]
    batch.save(update_fields=["result_imported_at", "result_filename"])
    return report
