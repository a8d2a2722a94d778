"""The lecture-fee arithmetic (講座鐘點費), as pure functions: no database.

Periods (節) from a timetable block's minutes
    A lecturer's timetable entries on one day of a session that follow each other
    with a break of at most ``BREAK_MINUTES`` (10) form one *block*; its teaching
    minutes are the sum of the entries' lengths (breaks are not counted).
    A block's periods are, with ``pairs, rest = divmod(minutes, 90)``:

    - a block shorter than 50 minutes pays half a period (0.5);
    - otherwise each whole 90 minutes counts as two consecutive periods (2), and
      the rest adds one period when it is 50 minutes or more, half a period when it
      is 25 to 49 minutes, and nothing under 25 minutes (a timetable overrun).

    So 30 min = 0.5, 50 = 1, 89 = 1, 90 = 2, 100 = 2, 120 = 2.5, 140 = 3, 180 = 4.

Rates
    Each block is paid at the rate in force *on the block's date* for the
    lecturer's category, so a statement of a session that straddles a rate change
    has lines at both rates. An assistant is paid ``assistant_share`` (one half) of
    the rate of the lecturer teaching the same session at the same time (the
    highest, if several).

Money
    Whole New Taiwan dollars. Every line is rounded once, half up (ROUND_HALF_UP,
    as payroll does, 0.5 -> 1); totals add rounded lines. The premium and the tax
    are each computed on the taxable total (teaching, materials and per-case
    fees; travel is a reimbursement at cost and is neither taxed nor subject to the
    premium) and rounded half up to the dollar.

Withholding (both from the settings in force on the statement's date)
    - supplementary health-insurance premium (二代健保): ``premium_rate`` of the
      taxable total when that total is *at or above* ``premium_threshold``;
    - income tax: ``tax_rate`` of the taxable total when it *exceeds*
      ``tax_threshold``, and nothing when the tax would be under ``tax_minimum``.

Materials fee: at most ``materials_cap`` (70%) of the statement's teaching fee.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BREAK_MINUTES = 10
HALF = Decimal("0.5")


def to_dollars(value) -> int:
    """Whole NT$, half up."""
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def periods_for_minutes(minutes: int) -> Decimal:
    """The periods (節) paid for a block of ``minutes`` teaching minutes."""
    if minutes <= 0:
        return Decimal(0)
    if minutes < 50:
        return HALF
    pairs, rest = divmod(minutes, 90)
    periods = Decimal(2 * pairs)
    if rest >= 50:
        periods += 1
    elif rest >= 25:
        periods += HALF
    return periods


@dataclass(frozen=True)
class Entry:
    """One timetable entry of one lecturer."""

    date: datetime.date
    start: datetime.time
    end: datetime.time
    topic: str = ""

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)


@dataclass(frozen=True)
class Block:
    """Entries of one day that follow each other, paid together."""

    date: datetime.date
    start: datetime.time
    end: datetime.time
    minutes: int
    topics: tuple

    @property
    def key(self) -> str:
        """Stable name of the block, kept across recomputations."""
        return f"{self.date.isoformat()}T{self.start:%H:%M}"

    @property
    def periods(self) -> Decimal:
        return periods_for_minutes(self.minutes)


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def blocks_from_entries(entries) -> list[Block]:
    """Join a lecturer's entries into blocks (see the module docstring)."""
    blocks = []
    current = None
    for entry in sorted(entries, key=lambda e: (e.date, e.start, e.end)):
        if entry.minutes <= 0:
            continue
        if (
            current is not None
            and current["date"] == entry.date
            and _minutes(entry.start) - _minutes(current["end"]) <= BREAK_MINUTES
        ):
            overlap = max(0, _minutes(current["end"]) - _minutes(entry.start))
            current["minutes"] += max(0, entry.minutes - overlap)
            if entry.end > current["end"]:
                current["end"] = entry.end
            if entry.topic and entry.topic not in current["topics"]:
                current["topics"].append(entry.topic)
            continue
        if current is not None:
            blocks.append(current)
        current = {
            "date": entry.date,
            "start": entry.start,
            "end": entry.end,
            "minutes": entry.minutes,
            "topics": [entry.topic] if entry.topic else [],
        }
    if current is not None:
        blocks.append(current)
    return [
        Block(
            date=b["date"],
            start=b["start"],
            end=b["end"],
            minutes=b["minutes"],
            topics=tuple(b["topics"]),
        )
        for b in blocks
    ]


def rate_on(rates, day: datetime.date):
    """The rate row in force on ``day`` among rows with ``effective_from`` and
    ``effective_to`` (None: open), or None."""
    found = None
    for rate in rates:
        if (
            rate.effective_from <= day
            and (rate.effective_to is None or day <= rate.effective_to)
            and (found is None or rate.effective_from > found.effective_from)
        ):
            found = rate
    return found


def assistant_rate(lecturer_rate: int, share: Decimal) -> Decimal:
    """An assistant's rate per period: a share of the lecturer's (not rounded
    here; the line is)."""
    return Decimal(lecturer_rate) * Decimal(share)


def line_amount(periods: Decimal, rate) -> int:
    return to_dollars(Decimal(periods) * Decimal(rate))


def materials_cap(teaching_total: int, cap_share: Decimal) -> int:
    """The most a materials fee may be: a share of the teaching fee, rounded down
    so that the cap is never exceeded."""
    return int(Decimal(teaching_total) * Decimal(cap_share))


@dataclass(frozen=True)
class Withholding:
    premium: int
    tax: int


def withholding(taxable: int, settings) -> Withholding:
    """Premium and income tax withheld from a single payment of ``taxable``."""
    premium = 0
    if taxable >= settings.premium_threshold:
        premium = to_dollars(Decimal(taxable) * Decimal(settings.premium_rate))
    tax = 0
    if taxable > settings.tax_threshold:
        tax = to_dollars(Decimal(taxable) * Decimal(settings.tax_rate))
        if tax < settings.tax_minimum:
            tax = 0
    return Withholding(premium=premium, tax=tax)
