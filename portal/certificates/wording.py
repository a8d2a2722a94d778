"""How a certificate says things: the template's placeholders filled in, dates
and hours written the way each language writes them. Pure functions; the
snapshot kept on a certificate is made of what they return."""

import calendar
import datetime
import re
from decimal import Decimal

# The placeholders a template's text may use, and nothing else: a template is
# filled by substitution, never by str.format (which reaches into attributes).
PLACEHOLDERS = (
    "name",
    "course",
    "hours",
    "start_date",
    "end_date",
    "session_code",
    "institute",
)
_TOKEN = re.compile(r"\{([^{}]*)\}")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def unknown_placeholders(text: str) -> list[str]:
    """The ``{...}`` of ``text`` that are not placeholders, in order of appearance."""
    return [token for token in _TOKEN.findall(text or "") if token not in PLACEHOLDERS]


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value."""

    def replace(match):
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return _TOKEN.sub(replace, text or "")


def date_text(day: datetime.date, language: str) -> str:
    """2026年3月2日 in Chinese, 2 March 2026 in English."""
    if language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def hours_text(hours: Decimal) -> str:
    """12 for 12.0, 12.5 for 12.5: whole hours without a decimal point."""
    hours = Decimal(hours)
    if hours == hours.to_integral_value():
        return str(int(hours))
    return f"{hours.normalize():f}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` ``months`` later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def course_title(course, language: str) -> str:
    """The course's title in ``language`` (the English one when there is one)."""
    if language == "en" and getattr(course, "title_en", ""):
        return course.title_en
    return course.title


def placeholder_values(*, name, course, hours, session, institute, language):
    """What each placeholder of a template stands for, written in ``language``."""
    return {
        "name": name,
        "course": course,
        "hours": hours_text(hours),
        "start_date": date_text(session.start_date, language),
        "end_date": date_text(session.end_date, language),
        "session_code": session.code,
        "institute": institute,
    }
