"""Fee statements computed from the timetable against hand-computed cases."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.fees import services
from portal.fees.models import FeeRate, LineKind
from portal.lecturers.models import DistanceBand
from portal.lecturers.models import LecturerCategory as C
from tests.factories.fees import add_entry, make_profile

MON = datetime.date(2024, 3, 4)
WED = datetime.date(2024, 3, 6)


def compute(session, profile, organizer):
    return services.statement_compute(session=session, profile=profile, actor=organizer)


def amounts(statement):
    return [
        (str(li.periods), int(li.rate), li.amount)
        for li in statement.lines.filter(kind=LineKind.TEACHING).order_by("key")
    ]


@pytest.mark.parametrize(
    ("category", "start", "end", "expected"),
    [
        # 90 minutes = two consecutive periods at 2,000
        (C.OUTSIDE, "09:00", "10:30", [("2.0", 2000, 4000)]),
        (C.AFFILIATED, "09:00", "09:50", [("1.0", 1500, 1500)]),
        # a block shorter than 50 minutes pays half a period
        (C.INTERNAL, "09:00", "09:30", [("0.5", 1000, 500)]),
        # 140 minutes = 2 + 1 periods
        (C.OUTSIDE, "13:00", "15:20", [("3.0", 2000, 6000)]),
    ],
)
def test_each_category(fee_session, organizer, category, start, end, expected):
    profile = make_profile("甲", category)
    add_entry(fee_session, profile.lecturer, MON, start, end)
    statement = compute(fee_session, profile, organizer)
    assert amounts(statement) == expected
    assert statement.taxable_total == expected[0][2]
    assert (statement.premium, statement.tax) == (0, 0)
    assert statement.net_total == expected[0][2]
    assert statement.date == MON


@pytest.mark.parametrize(
    ("lead", "start", "end", "expected"),
    [
        (C.OUTSIDE, "09:00", "10:30", [("2.0", 1000, 2000)]),
        (C.AFFILIATED, "09:00", "10:30", [("2.0", 750, 1500)]),
        (C.AFFILIATED, "09:00", "09:30", [("0.5", 750, 375)]),
    ],
)
def test_assistant_is_paid_half_the_lecturer_rate(
    fee_session, organizer, lead, start, end, expected
):
    lecturer = make_profile("講座", lead)
    assistant = make_profile("助教", C.ASSISTANT)
    add_entry(fee_session, lecturer.lecturer, MON, "09:00", "10:30")
    add_entry(fee_session, assistant.lecturer, MON, start, end)
    assert amounts(compute(fee_session, assistant, organizer)) == expected


def test_assistant_without_a_lecturer_at_the_same_time_is_refused(
    fee_session, organizer
):
    lecturer = make_profile("講座", C.OUTSIDE)
    assistant = make_profile("助教", C.ASSISTANT)
    add_entry(fee_session, lecturer.lecturer, MON, "09:00", "10:30")
    add_entry(fee_session, assistant.lecturer, MON, "13:00", "14:30")
    with pytest.raises(ValidationError) as error:
        compute(fee_session, assistant, organizer)
    assert error.value.code == "assistant_without_lecturer"


def test_rate_change_within_the_month(fee_session, organizer):
    FeeRate.objects.filter(category=C.OUTSIDE, effective_to__isnull=True).update(
        effective_to=datetime.date(2024, 3, 5)
    )
    FeeRate.objects.create(
        category=C.OUTSIDE, amount=2200, effective_from=datetime.date(2024, 3, 6)
    )
    profile = make_profile("甲", C.OUTSIDE)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")
    add_entry(fee_session, profile.lecturer, WED, "09:00", "09:50")
    statement = compute(fee_session, profile, organizer)
    assert amounts(statement) == [("2.0", 2000, 4000), ("1.0", 2200, 2200)]
    assert statement.taxable_total == 6200
    assert statement.date == WED


def test_previous_scale_before_2023(catalog, organizer):
    from tests.factories.catalog import make_course, make_session

    session = make_session(make_course(catalog), start=datetime.date(2022, 12, 5))
    profile = make_profile("甲", C.INTERNAL)
    add_entry(session, profile.lecturer, datetime.date(2022, 12, 5), "09:00", "10:30")
    assert amounts(compute(session, profile, organizer)) == [("2.0", 800, 1600)]


def _with_case(fee_session, organizer, case_amount):
    profile = make_profile("甲", C.OUTSIDE)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "09:50")  # 2,000
    statement = compute(fee_session, profile, organizer)
    services.statement_line_add(
        statement=statement,
        actor=organizer,
        kind=LineKind.CASE,
        amount=case_amount,
        reason="專題演講",
    )
    statement.refresh_from_db()
    return statement


@pytest.mark.parametrize(
    ("case_amount", "taxable", "premium", "tax"),
    [
        (24399, 26399, 0, 0),  # premium: just below the threshold
        (24400, 26400, 557, 0),  # at it
        (24401, 26401, 557, 0),  # above it
        (38000, 40000, 844, 0),  # tax: not above 40,000
        (38001, 40001, 844, 2000),  # above: 5% = 2,000.05
    ],
)
def test_premium_and_tax_thresholds(
    fee_session, organizer, case_amount, taxable, premium, tax
):
    statement = _with_case(fee_session, organizer, case_amount)
    assert (statement.taxable_total, statement.premium, statement.tax) == (
        taxable,
        premium,
        tax,
    )
    assert statement.net_total == taxable - premium - tax


def test_materials_fee_up_to_70_percent(fee_session, organizer):
    profile = make_profile("甲", C.OUTSIDE)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")  # 4,000
    statement = compute(fee_session, profile, organizer)
    with pytest.raises(ValidationError) as error:
        services.statement_line_add(
            statement=statement,
            actor=organizer,
            kind=LineKind.MATERIALS,
            amount=2801,
            reason="講義編撰",
        )
    assert error.value.code == "materials_over_cap"
    services.statement_line_add(
        statement=statement,
        actor=organizer,
        kind=LineKind.MATERIALS,
        amount=2800,
        reason="講義編撰",
    )
    statement.refresh_from_db()
    assert statement.taxable_total == 6800


def test_travel_for_outside_lecturers_from_30_km(fee_session, organizer):
    far = make_profile("遠", C.OUTSIDE, distance_band=DistanceBand.FAR)
    add_entry(fee_session, far.lecturer, MON, "09:00", "10:30")
    statement = compute(fee_session, far, organizer)
    services.statement_line_add(
        statement=statement,
        actor=organizer,
        kind=LineKind.TRAVEL,
        amount=1490,
        reason="高鐵來回",
    )
    statement.refresh_from_db()
    assert (statement.taxable_total, statement.travel_total) == (4000, 1490)
    assert statement.net_total == 5490


@pytest.mark.parametrize(
    ("category", "band"),
    [(C.OUTSIDE, DistanceBand.NEAR), (C.INTERNAL, DistanceBand.FAR)],
)
def test_travel_refused_when_not_eligible(fee_session, organizer, category, band):
    profile = make_profile("近", category, distance_band=band)
    add_entry(fee_session, profile.lecturer, MON, "09:00", "10:30")
    statement = compute(fee_session, profile, organizer)
    with pytest.raises(ValidationError) as error:
        services.statement_line_add(
            statement=statement,
            actor=organizer,
            kind=LineKind.TRAVEL,
            amount=500,
            reason="計程車",
        )
    assert error.value.code == "travel_not_eligible"


def test_no_periods_is_refused(fee_session, organizer):
    with pytest.raises(ValidationError) as error:
        compute(fee_session, make_profile("無", C.OUTSIDE), organizer)
    assert error.value.code == "no_periods"


def test_session_compute_makes_one_statement_per_lecturer(fee_session, organizer):
    a = make_profile("甲", C.OUTSIDE)
    b = make_profile("乙", C.INTERNAL)
    add_entry(fee_session, a.lecturer, MON, "09:00", "10:30")
    add_entry(fee_session, a.lecturer, WED, "09:00", "10:30")
    add_entry(fee_session, b.lecturer, MON, "13:00", "14:30")
    statements = services.session_statements_compute(
        session=fee_session, actor=organizer
    )
    assert sorted(s.taxable_total for s in statements) == [2000, 8000]


def test_overlapping_rates_are_refused(db):
    rate = FeeRate(
        category=C.OUTSIDE, amount=2500, effective_from=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert error.value.error_dict["__all__"][0].code == "rate_overlap"


def test_seeded_scale(db):
    current = FeeRate.objects.filter(effective_to__isnull=True)
    assert {(r.category, r.amount) for r in current} == {
        (C.OUTSIDE, 2000),
        (C.AFFILIATED, 1500),
        (C.INTERNAL, 1000),
    }
    assert services.settings_on(datetime.date(2024, 6, 1)).premium_threshold == 26400
