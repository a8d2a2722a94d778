"""The pure arithmetic: periods from minutes, blocks, rounding, withholding."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from portal.fees import rules


@pytest.mark.parametrize(
    ("minutes", "periods"),
    [
        (0, "0"),
        (20, "0.5"),
        (30, "0.5"),
        (49, "0.5"),
        (50, "1"),
        (89, "1"),
        (90, "2"),
        (100, "2"),
        (114, "2"),
        (115, "2.5"),
        (120, "2.5"),
        (139, "2.5"),
        (140, "3"),
        (180, "4"),
        (230, "5"),
    ],
)
def test_periods_for_minutes(minutes, periods):
    assert rules.periods_for_minutes(minutes) == Decimal(periods)


def _e(day, start, end, topic="t"):
    return rules.Entry(
        date=day,
        start=datetime.time(*map(int, start.split(":"))),
        end=datetime.time(*map(int, end.split(":"))),
        topic=topic,
    )


def test_entries_with_a_short_break_form_one_block():
    day = datetime.date(2024, 3, 4)
    blocks = rules.blocks_from_entries(
        [_e(day, "10:00", "10:50", "b"), _e(day, "09:00", "09:50", "a")]
    )
    assert len(blocks) == 1
    assert blocks[0].minutes == 100
    assert blocks[0].periods == 2
    assert blocks[0].topics == ("a", "b")
    assert blocks[0].key == "2024-03-04T09:00"


def test_a_long_break_or_another_day_starts_a_new_block():
    day = datetime.date(2024, 3, 4)
    blocks = rules.blocks_from_entries(
        [
            _e(day, "09:00", "09:50"),
            _e(day, "13:30", "14:20"),
            _e(day + datetime.timedelta(days=1), "09:00", "10:30"),
        ]
    )
    assert [b.periods for b in blocks] == [1, 1, 2]


def test_rounding_is_half_up_to_the_dollar():
    assert rules.to_dollars(Decimal("0.5")) == 1
    assert rules.to_dollars(Decimal("1.49")) == 1
    assert rules.line_amount(Decimal("0.5"), Decimal("777.5")) == 389


SETTINGS = SimpleNamespace(
    premium_rate=Decimal("0.0211"),
    premium_threshold=26400,
    tax_rate=Decimal("0.05"),
    tax_threshold=40000,
    tax_minimum=2000,
)


@pytest.mark.parametrize(
    ("taxable", "premium", "tax"),
    [
        (26399, 0, 0),  # just below the premium threshold
        (26400, 557, 0),  # at it: 26,400 x 2.11% = 557.04
        (26401, 557, 0),
        (40000, 844, 0),  # tax only above 40,000
        (40001, 844, 2000),  # 2,000.05 -> 2,000
        (60000, 1266, 3000),
    ],
)
def test_withholding(taxable, premium, tax):
    held = rules.withholding(taxable, SETTINGS)
    assert (held.premium, held.tax) == (premium, tax)


def test_tax_under_the_minimum_is_not_withheld():
    settings = SimpleNamespace(**{**vars(SETTINGS), "tax_threshold": 20000})
    assert rules.withholding(30000, settings).tax == 0  # 1,500 < 2,000


def test_materials_cap_rounds_down():
    assert rules.materials_cap(2000, Decimal("0.7")) == 1400
    assert rules.materials_cap(1001, Decimal("0.7")) == 700
