"""How a grade is made from a course's grade scheme: weighted parts scored 0-100
(typed, or from the hours attended), plus an adjustment, then a band. Pure
functions; the services save what they compute."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from cms.catalog.models import GradePartSource

TENTH = Decimal("0.1")


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def scheme_parts(scheme) -> list:
    return list(scheme.parts.all()) if scheme is not None else []


def entered_parts(scheme) -> list:
    """The parts an organizer types (the others are computed)."""
    return [p for p in scheme_parts(scheme) if p.source == GradePartSource.ENTERED]


def bands(scheme) -> list[tuple[str, Decimal]]:
    """(label, minimum) from the highest band down; the institute's by default."""
    rows = (
        [(band.label, band.minimum) for band in scheme.bands.all()]
        if scheme is not None
        else []
    )
    if not rows:
        rows = [
            (label, Decimal(minimum))
            for label, minimum in settings.TRAINING_RULES["GRADE_BANDS"]
        ]
    return sorted(rows, key=lambda row: row[1], reverse=True)


def band_for(grade: Decimal | None, band_rows) -> str:
    """The label of the highest band whose minimum ``grade`` reaches."""
    if grade is None:
        return ""
    for label, minimum in band_rows:
        if grade >= minimum:
            return label
    return ""


def attendance_score(hours: Decimal, study_hours: Decimal) -> Decimal:
    """The attendance part: the share of the class hours attended, out of 100."""
    if not study_hours:
        return Decimal("0")
    return _tenth(min(Decimal("100"), Decimal("100") * hours / study_hours))


def part_scores(scheme, entered: dict, *, hours, study_hours) -> dict[str, Decimal]:
    """Every part's score: the typed ones and the computed ones."""
    scores = {}
    for part in scheme_parts(scheme):
        if part.source == GradePartSource.ATTENDANCE:
            scores[part.key] = attendance_score(hours, study_hours)
        elif entered.get(part.key) not in (None, ""):
            scores[part.key] = Decimal(str(entered[part.key]))
    return scores


def weighted_grade(scheme, scores: dict, adjustment) -> Decimal | None:
    """The weighted mean of the parts plus the adjustment; None while a part
    lacks its score."""
    parts = scheme_parts(scheme)
    total = sum((part.weight for part in parts), Decimal("0"))
    if not parts or not total or any(p.key not in scores for p in parts):
        return None
    mean = sum((scores[p.key] * p.weight for p in parts), Decimal("0")) / total
    return _tenth(mean + (adjustment or Decimal("0")))


def competition_ranks(grades: list[tuple[object, Decimal]], size: int) -> dict:
    """Places 1, 1, 3 ... by grade (ties share a place); everyone placed within
    ``size`` is listed, so a tie at the last place lists them all."""
    ranked, places = sorted(grades, key=lambda row: row[1], reverse=True), {}
    for index, (key, grade) in enumerate(ranked):
        place = index + 1
        if index and grade == ranked[index - 1][1]:
            place = places[ranked[index - 1][0]]
        if place > size:
            break
        places[key] = place
    return places
