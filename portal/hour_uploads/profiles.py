"""The national portals' upload formats, as versioned profiles in a registry.

A profile says which records qualify, the columns and how each cell is written,
the encoding, the rows a file may hold and how files are named. Changing any of
that makes a new version (``lifelong@2027.1``); a batch keeps the key of the
profile it was written with, so its files are written again the same way.
docs/hour-uploads.md describes every column and what is known or assumed.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.catalog.models import DeliveryMode

# Without a timetable a class day is taken to run 09:00-16:00 (documented).
DEFAULT_START = datetime.time(9, 0)
DEFAULT_END = datetime.time(16, 0)

# 學習性質 (lifelong-learning portal): 1 digital, 2 classroom, 3 blended. A
# livestream is taught live with attendance taken by the institute, so classroom;
# the portal's "digital" is self-paced e-learning.
NATURE = {
    DeliveryMode.ONLINE: "1",
    DeliveryMode.CLASSROOM: "2",
    DeliveryMode.LIVESTREAM: "2",
    DeliveryMode.HYBRID: "2",
    DeliveryMode.BLENDED: "3",
}


def roc_date(day: datetime.date) -> str:
    """2026-05-19 -> 115-05-19 (民國 year, month, day)."""
    return f"{day.year - 1911}-{day.month:02d}-{day.day:02d}"


def clock(moment: datetime.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}:00"


def hours_text(hours: Decimal) -> str:
    """12 for whole hours, 1.5 otherwise."""
    hours = Decimal(hours)
    if hours == hours.to_integral_value():
        return str(int(hours))
    return f"{hours:.1f}"


@dataclass(frozen=True)
class SessionTimes:
    """When a session was planned to run and when it ran (its timetable, an
    early end on a day moving that day's end)."""

    start_date: datetime.date
    start_time: datetime.time
    end_date: datetime.date
    end_time: datetime.time
    actual_start_date: datetime.date
    actual_start_time: datetime.time
    actual_end_date: datetime.date
    actual_end_time: datetime.time


def session_times(session) -> SessionTimes:
    """From the session's prefetched ``timetable`` and ``early_ends``."""
    periods = sorted(session.timetable.all(), key=lambda p: (p.date, p.start_time))
    if not periods:
        return SessionTimes(
            session.start_date, DEFAULT_START, session.end_date, DEFAULT_END,
            session.start_date, DEFAULT_START, session.end_date, DEFAULT_END,
        )  # fmt: skip
    first, last = periods[0], max(periods, key=lambda p: (p.date, p.end_time))
    start_time = first.start_time if first.date == session.start_date else None
    end_time = last.end_time if last.date == session.end_date else None
    actual_end = last.end_time
    for early in session.early_ends.all():
        if early.date == last.date and early.ended_at < actual_end:
            actual_end = early.ended_at
    return SessionTimes(
        session.start_date, start_time or first.start_time,
        session.end_date, end_time or last.end_time,
        first.date, first.start_time, last.date, actual_end,
    )  # fmt: skip


def split_hours(record) -> tuple[Decimal, Decimal]:
    """(digital, classroom) hours of a record: the online part once finished
    (all of an online course's, a blended one's online hours), the rest in class."""
    return record.online_hours_earned, record.classroom_hours


def certificate_number(record) -> str:
    """The record's live Chinese certificate number, if one was issued (needs
    ``live_certificates`` prefetched)."""
    for certificate in getattr(record, "live_certificates", ()):
        if certificate.number and certificate.language == "zh-hant":
            return certificate.number
    return ""


def portal_course(record):
    return getattr(record.session.course, "portal_course", None)


class Profile:
    """One portal's format at one version."""

    portal = ""
    version = ""
    label = ""
    headers: list[str] = []
    id_header = "身分證字號"
    # The columns that identify a row in the portal's result file, with the ID.
    code_header = "課程代碼"
    term_header = "期別"
    encoding = "cp950"
    encoding_label = "Big5"
    bom = False
    row_limit = 3000

    @property
    def key(self) -> str:
        return f"{self.portal}@{self.version}"

    @property
    def id_column(self) -> int:
        return self.headers.index(self.id_header)

    def qualifying(self, records):
        """Which records count for this portal (completers with hours)."""
        return records.filter(completed=True, hours__gt=0)

    def problem(self, record) -> str | None:
        """Why a qualifying record cannot be written, or None."""
        return None

    def cells(self, record, person, times: SessionTimes) -> list[str]:
        raise NotImplementedError

    def unwritable(self, cells: list[str]) -> str:
        """The characters of ``cells`` the encoding cannot write ('' if none)."""
        text = "".join(cells)
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            bad = []
            for char in text:
                try:
                    char.encode(self.encoding)
                except UnicodeEncodeError:
                    if char not in bad:
                        bad.append(char)
            return "".join(bad)
        return ""

    def file_name(self, *, batch_id: int, year: int, number: int, count: int) -> str:
        stem = f"{self.portal}-{year}-upload{batch_id}"
        return f"{stem}-{number}.csv" if count > 1 else f"{stem}.csv"

    def archive_name(self, *, batch_id: int, year: int) -> str:
        return f"{self.portal}-{year}-upload{batch_id}.zip"

    def chunks(self, lines: list) -> list[list]:
        """The lines split into files of at most ``row_limit`` rows."""
        return [
            lines[start : start + self.row_limit]
            for start in range(0, len(lines), self.row_limit)
        ] or [[]]

    def render_file(self, lines: list[list[str]]) -> bytes:
        """One file: a header line, then the lines, CRLF, in the encoding.

        Cells are written as they are (no spreadsheet formula escaping): the
        portal reads them, and an apostrophe would change a name or a title.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.headers)
        writer.writerows(lines)
        data = buffer.getvalue().encode(self.encoding)
        return (b"\xef\xbb\xbf" + data) if self.bom else data

    def render(self, *, lines, batch_id: int, year: int) -> list[tuple[str, bytes]]:
        chunks = self.chunks(lines)
        return [
            (
                self.file_name(
                    batch_id=batch_id, year=year, number=n, count=len(chunks)
                ),
                self.render_file(chunk),
            )
            for n, chunk in enumerate(chunks, start=1)
        ]


def download(profile, files, *, batch_id, year, at: datetime.datetime):
    """(file name, content type, bytes): the file itself, or a zip of several."""
    if len(files) == 1:
        name, data = files[0]
        charset = "utf-8" if profile.encoding.startswith("utf") else "big5"
        return name, f"text/csv; charset={charset}", data
    buffer = io.BytesIO()
    stamp = at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
    return (
        profile.archive_name(batch_id=batch_id, year=year),
        "application/zip",
        buffer.getvalue(),
    )


class Lifelong2026(Profile):
    """公務人員終身學習入口網站: the 25 columns of the Taipei institute's exporter."""

    portal = "lifelong"
    version = "2026.1"
    label = gettext_lazy("Lifelong-learning portal (公務人員終身學習入口網站)")
    headers = [
        "身分證字號", "課程名稱", "開課起始日期", "開課起始時間", "開課結束日期",
        "開課結束時間", "姓名", "學位學分", "課程類別代碼", "上課縣市", "期別",
        "訓練總數", "訓練總數單位", "訓練成績", "證件字號", "出勤上課狀況", "生日",
        "學習性質", "數位時數", "實體時數", "課程代碼", "實際上課起始日期",
        "實際上課起始時間", "實際上課結束日期", "實際上課結束時間",
    ]  # fmt: skip
    # Constants of the exporter (REFERENCE.md): 學位學分 6 (not a degree course),
    # 上課縣市 10, 訓練總數單位 1 (hours).
    DEGREE_CREDIT = "6"
    CITY = "10"
    UNIT_HOURS = "1"

    def problem(self, record):
        if not record.session.course.category.lifelong_code:
            return _(
                "The course's category (%(category)s) has no lifelong-learning "
                "category code."
            ) % {"category": record.session.course.category.name}
        return None

    def cells(self, record, person, times):
        session, course = record.session, record.session.course
        digital, classroom = split_hours(record)
        grade = "" if record.grade is None else hours_text(record.grade)
        return [
            "", course.title,
            roc_date(times.start_date), clock(times.start_time),
            roc_date(times.end_date), clock(times.end_time),
            person.name, self.DEGREE_CREDIT, course.category.lifelong_code,
            self.CITY, str(session.term), hours_text(record.hours), self.UNIT_HOURS,
            grade, certificate_number(record), "", "",
            NATURE[session.effective_delivery_mode],
            hours_text(digital), hours_text(classroom), session.code,
            roc_date(times.actual_start_date), clock(times.actual_start_time),
            roc_date(times.actual_end_date), clock(times.actual_end_time),
        ]  # fmt: skip


class EnvEdu2026(Profile):
    """環境教育終身學習網: 18 columns; the agency code, method code and content
    summary are known, the rest assumed (docs/hour-uploads.md)."""

    portal = "envedu"
    version = "2026.1"
    label = gettext_lazy("Environmental education portal (環境教育終身學習網)")
    headers = [
        "身分證字號", "姓名", "出生日期", "服務機關代碼", "服務機關名稱", "課程名稱",
        "課程代碼", "期別", "開課起始日期", "開課起始時間", "開課結束日期",
        "開課結束時間", "學習時數", "課程方式代碼", "內容摘要", "上課縣市",
        "上課地點", "學習性質",
    ]  # fmt: skip
    CITY = "10"
    SUMMARY_LENGTH = 100

    def qualifying(self, records):
        return (
            super()
            .qualifying(records)
            .filter(session__course__portal_course__environmental_education=True)
        )

    @staticmethod
    def method_code(record) -> str:
        tags = portal_course(record)
        if tags is not None and tags.envedu_method:
            return tags.envedu_method
        if record.session.effective_delivery_mode == DeliveryMode.ONLINE:
            return "4"  # 網路學習
        return "1"  # 課程

    def cells(self, record, person, times):
        session, course = record.session, record.session.course
        agency = record.agency or person.agency
        summary = " ".join(course.summary.split())[: self.SUMMARY_LENGTH]
        return [
            "", person.name, "", agency.code, agency.name, course.title,
            session.code, str(session.term),
            roc_date(times.start_date), clock(times.start_time),
            roc_date(times.end_date), clock(times.end_time),
            hours_text(record.hours), self.method_code(record), summary, self.CITY,
            session.venue.name if session.venue_id else "",
            NATURE[session.effective_delivery_mode],
        ]  # fmt: skip


class Teachers2026(Profile):
    """全國教師在職進修資訊網: an assumed column list (docs/hour-uploads.md), UTF-8."""

    portal = "teachers"
    version = "2026.1"
    label = gettext_lazy("Teachers' in-service portal (全國教師在職進修資訊網)")
    headers = [
        "研習代碼", "班期代碼", "期別", "課程名稱", "身分證字號", "姓名",
        "服務機關代碼", "研習起始日期", "研習結束日期", "研習時數", "研習方式",
    ]  # fmt: skip
    code_header = "班期代碼"
    encoding = "utf-8"
    encoding_label = "UTF-8"
    bom = True

    def qualifying(self, records):
        return (
            super()
            .qualifying(records)
            .filter(session__course__portal_course__teachers_in_service=True)
        )

    def problem(self, record):
        tags = portal_course(record)
        if tags is None or not tags.teachers_course_code:
            return _("The course has no in-service course code.")
        return None

    def cells(self, record, person, times):
        session, course = record.session, record.session.course
        agency = record.agency or person.agency
        return [
            portal_course(record).teachers_course_code, session.code,
            str(session.term), course.title, "", person.name, agency.code,
            roc_date(times.start_date), roc_date(times.end_date),
            hours_text(record.hours), NATURE[session.effective_delivery_mode],
        ]  # fmt: skip


PROFILES = {
    profile.key: profile for profile in (Lifelong2026(), EnvEdu2026(), Teachers2026())
}
# What new batches use, one a portal (older versions stay to write old batches).
CURRENT = [
    PROFILES["lifelong@2026.1"],
    PROFILES["envedu@2026.1"],
    PROFILES["teachers@2026.1"],
]


def get(key: str) -> Profile | None:
    return PROFILES.get(key)


def current_choices() -> list[tuple[str, str]]:
    return [(profile.key, str(profile.label)) for profile in CURRENT]
