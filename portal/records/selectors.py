"""Training records and study hours, through the viewer's scope."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cms.catalog.models import Session
from portal.accounts.models import Person
from portal.accounts.names import display_name
from portal.accounts.selectors import person_list, scope_filter
from portal.certificates.models import Certificate
from portal.recommendations.models import MandatoryRule
from portal.recommendations.selectors import audience_people

from .models import HonoursList, StudyHours, TrainingRecord


def record_list(*, viewer, year=None):
    qs = scope_filter(
        TrainingRecord.objects.select_related(
            "session__course", "agency", "user__person"
        ),
        viewer,
    )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-session__start_date")


def my_study_hours(*, user):
    """The trainee's ledger, newest year first."""
    return StudyHours.objects.filter(user=user).order_by("-year")


def agency_hours_report(*, viewer, year: int, agency=None, name=None):
    """Each person in the viewer's scope with their study hours of ``year``.

    One LEFT JOIN on the yearly ledger (not a subquery per person).
    """
    qs = (
        person_list(viewer=viewer)
        .select_related(None)
        .select_related("agency")
        .only(
            "name", "employee_number", "job_title", "national_id_masked",
            "agency__name", "agency__code",
        )
    )  # fmt: skip
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if name:
        qs = qs.filter(name__icontains=name.strip())
    return qs.annotate(
        ledger=FilteredRelation(
            "user__study_hours", condition=Q(user__study_hours__year=year)
        ),
        hours=Coalesce(
            F("ledger__hours"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        ),
        sessions_completed=Coalesce(F("ledger__sessions_completed"), Value(0)),
    ).order_by("agency__code", "name")


def completed_record_list(*, viewer, year: int, agency=None, name=None):
    """Records with hours earned in ``year``, in scope, for the lifelong-learning export."""
    qs = record_list(viewer=viewer, year=year).filter(hours__gt=0)
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if name:
        qs = qs.filter(user__person__name__icontains=name.strip())
    return qs.order_by("agency__code", "user__person__name", "session__start_date")


# The column order of the export for the national lifelong-learning portal;
# docs/lifelong-learning-export.md describes each column.
LIFELONG_HEADERS = [
    "employee_number",
    "national_id_masked",
    "name",
    "agency_code",
    "agency_name",
    "course_code",
    "term",
    "course_title",
    "start_date",
    "end_date",
    "hours",
    "delivery_mode",
    "completed",
]


def lifelong_rows(records):
    for r in records.iterator(chunk_size=2000):
        person = getattr(r.user, "person", None)
        session = r.session
        yield [
            person.employee_number if person else "",
            person.national_id_masked if person else "",
            display_name(r.user),
            r.agency.code if r.agency else "",
            r.agency.name if r.agency else "",
            session.code,
            session.term,
            session.course.title,
            session.start_date.isoformat(),
            session.end_date.isoformat(),
            f"{r.hours:.1f}",
            session.effective_delivery_mode,
            "Y" if r.completed else "N",
        ]


def honours_of(*, viewer, session):
    """The session's honours list state and its records the viewer may see, best
    first."""
    state = HonoursList.objects.filter(session=session).first()
    listed = (
        scope_filter(TrainingRecord.objects, viewer)
        .filter(session=session, honours_rank__isnull=False)
        .select_related("user__person", "agency")
        .order_by("honours_rank", "pk")
    )
    return {"state": state, "records": list(listed)}


# The trainee's hours page and mandatory training -----------------------------------

# How many years the trainee's chart shows at least, and at most.
CHART_MIN_YEARS = 5
CHART_MAX_YEARS = 10

MET, UNMET, ANY = "met", "unmet", "all"


class _RuleHours:
    """Hours done toward a mandatory rule (``rule``, ``done``): required, met,
    remaining, the same for the trainee's page and the HR office's view."""

    @property
    def required(self) -> Decimal:
        return self.rule.hours_per_year

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def remaining(self) -> Decimal:
        return max(Decimal("0"), self.required - self.done)


@dataclass
class RuleProgress(_RuleHours):
    """One mandatory rule that applies to a trainee, and their hours toward it."""

    rule: MandatoryRule
    done: Decimal
    courses: list  # live courses that satisfy it
    records: list  # the trainee's completed records of those courses that year
    next_session: Session | None = None

    @property
    def percent(self) -> int:
        """Done over required, capped at 100 (a rule of 0 hours is met)."""
        if self.required <= 0:
            return 100
        return min(100, int(self.done * 100 / self.required))


@dataclass
class HoursOverview:
    """What the trainee's hours page shows for one year."""

    year: int
    years: list  # the years the trainee may choose, newest first
    ledger: list  # StudyHours lines, newest first
    chart_years: list  # (year, hours, sessions completed), oldest first
    records: list  # the year's records, each with ``live_certificates``
    hours: Decimal
    sessions_completed: int
    by_mode: list  # (delivery mode label, hours) of the year
    mandatory: list = field(default_factory=list)  # RuleProgress


def mandatory_rule_list():
    """The mandatory training rules with what they need to be evaluated."""
    return MandatoryRule.objects.prefetch_related(
        "courses", "agencies", "categories_taken"
    ).order_by("name", "pk")


def _rules_applying(*, user, rules) -> list:
    """The rules whose audience holds ``user``'s profile: one query for all rules,
    asking ``audience_people`` (the one definition of an audience)."""
    if not rules:
        return []
    flags = (
        Person.objects.filter(user_id=user.pk)
        .annotate(
            **{
                f"rule_{rule.pk}": Exists(
                    audience_people(rule=rule).filter(pk=OuterRef("pk"))
                )
                for rule in rules
            }
        )
        .values(*(f"rule_{rule.pk}" for rule in rules))
        .first()
    )
    if flags is None:  # an account without a profile is in no audience
        return []
    return [rule for rule in rules if flags[f"rule_{rule.pk}"]]


def _next_sessions(course_ids, today) -> dict:
    """The first session open for registration of each course (one query)."""
    if not course_ids:
        return {}
    first = {}
    sessions = (
        Session.objects.open_for_registration()
        .filter(course_id__in=course_ids, start_date__gte=today)
        .select_related("course")
        .order_by("start_date", "term", "pk")
    )
    for session in sessions:
        first.setdefault(session.course_id, session)
    return first


def mandatory_progress(*, user, year: int, records, today=None) -> list[RuleProgress]:
    """Progress toward each mandatory rule applying to ``user``: hours of the
    completed records of ``year`` (``records``) in the rule's courses."""
    today = today or timezone.localdate()
    rules = _rules_applying(user=user, rules=list(mandatory_rule_list()))
    completed = [r for r in records if r.completed and r.year == year]
    progress = []
    for rule in rules:
        course_ids = {course.pk for course in rule.courses.all()}
        counted = [r for r in completed if r.session.course_id in course_ids]
        progress.append(
            RuleProgress(
                rule=rule,
                done=sum((r.hours for r in counted), Decimal("0")),
                courses=[course for course in rule.courses.all() if course.live],
                records=counted,
            )
        )
    sessions = _next_sessions(
        {course.pk for item in progress for course in item.courses}, today
    )
    for item in progress:
        candidates = [sessions[c.pk] for c in item.courses if c.pk in sessions]
        if candidates:
            item.next_session = min(candidates, key=lambda s: (s.start_date, s.pk))
    return progress


def _chart_years(ledger, this_year: int) -> list:
    """(year, hours, sessions completed) of at least the last five years, oldest
    first; years without hours are there with 0."""
    lines = {line.year: line for line in ledger}
    last = max([this_year, *lines])
    first = min([last - CHART_MIN_YEARS + 1, *lines])
    first = max(first, last - CHART_MAX_YEARS + 1)
    return [
        (year, line.hours, line.sessions_completed)
        if (line := lines.get(year))
        else (year, Decimal("0"), 0)
        for year in range(first, last + 1)
    ]


def my_hours_overview(*, viewer, year: int | None = None, today=None) -> HoursOverview:
    """The viewer's own study hours: the ledger by year, the lines of ``year``
    with certificates, and progress toward mandatory training. A fixed number of
    queries whatever the length of the history."""
    today = today or timezone.localdate()
    year = year or today.year
    ledger = list(StudyHours.objects.filter(user_id=viewer.pk).order_by("-year"))
    records = list(
        TrainingRecord.objects.filter(user_id=viewer.pk, year=year)
        .select_related("session__course")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(revoked_at__isnull=True).order_by(
                    "language", "pk"
                ),
                to_attr="live_certificates",
            )
        )
        .order_by("session__start_date", "session__code", "pk")
    )
    by_mode = defaultdict(Decimal)
    for record in records:
        by_mode[record.session.get_effective_delivery_mode_display()] += record.hours
    return HoursOverview(
        year=year,
        years=sorted({today.year, year, *(line.year for line in ledger)}, reverse=True),
        ledger=ledger,
        chart_years=_chart_years(ledger, today.year),
        records=records,
        hours=sum((r.hours for r in records), Decimal("0")),
        sessions_completed=sum(1 for r in records if r.completed),
        by_mode=sorted(by_mode.items(), key=lambda item: -item[1]),
        mandatory=mandatory_progress(
            user=viewer, year=year, records=records, today=today
        ),
    )


# The HR office's compliance view ---------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow(_RuleHours):
    """One person and one rule that applies to them, with their hours that year."""

    person_id: int
    name: str
    national_id_masked: str
    employee_number: str
    job_title: str
    agency_name: str
    agency_code: str
    rule: MandatoryRule
    done: Decimal


class ComplianceRows:
    """A lazy, sliceable list of ComplianceRow over one database query (a UNION
    of one SELECT a rule): what Paginator and the API's pagination need."""

    def __init__(self, queryset, rules: dict):
        self.queryset = queryset
        self.rules = rules

    def _row(self, values) -> ComplianceRow:
        return ComplianceRow(
            person_id=values["person_id"],
            name=values["person_name"],
            national_id_masked=values["masked_id"] or "",
            employee_number=values["employee_no"] or "",
            job_title=values["title"] or "",
            agency_name=values["agency_name"],
            agency_code=values["agency_code"],
            rule=self.rules[values["rule_id"]],
            done=Decimal(str(values["done"] or 0)),
        )

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(values) for values in self.queryset[index]]
        return self._row(self.queryset[index])

    def __iter__(self):
        for values in self.queryset.iterator(chunk_size=2000):
            yield self._row(values)


@dataclass
class Compliance:
    """The compliance view of one year: counts per rule and the matching rows."""

    year: int
    rules: list
    summary: list  # (rule, met, total) for the filters but met/unmet
    rows: ComplianceRows


def _done_hours(*, rule, year: int):
    """Hours of completed records of ``year`` in ``rule``'s courses, of the outer
    person (a correlated subquery: aggregated by the database)."""
    course_ids = [course.pk for course in rule.courses.all()]
    total = (
        TrainingRecord.objects.filter(
            user_id=OuterRef("user_id"),
            year=year,
            completed=True,
            session__course_id__in=course_ids,
        )
        .order_by()
        .values("user_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(total),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def _rule_people(*, viewer, rule, year: int, agency=None, name=None):
    """People of the viewer's scope in ``rule``'s audience, with ``done`` hours."""
    people = scope_filter(audience_people(rule=rule), viewer, agency_field="agency")
    if agency is not None:
        people = people.filter(agency__path__startswith=agency.path)
    if name:
        people = people.filter(name__icontains=name.strip())
    return people.annotate(done=_done_hours(rule=rule, year=year))


def mandatory_compliance(
    *, viewer, year: int, rule=None, agency=None, name=None, status: str = UNMET
) -> Compliance:
    """Who in the viewer's scope has (not) met each mandatory rule in ``year``.

    Aggregated in the database: one query for the rows (a page of them), one for
    their count and one a rule for the summary, whatever the number of people.
    """
    rules = list(mandatory_rule_list())
    if rule is not None:
        rules = [r for r in rules if r.pk == getattr(rule, "pk", rule)]
    summary, parts = [], []
    for order, item in enumerate(rules):
        people = _rule_people(
            viewer=viewer, rule=item, year=year, agency=agency, name=name
        )
        required = item.hours_per_year
        counts = people.aggregate(
            total=Count("pk"), met=Count("pk", filter=Q(done__gte=required))
        )
        summary.append((item, counts["met"], counts["total"]))
        if status == MET:
            people = people.filter(done__gte=required)
        elif status == UNMET:
            people = people.filter(done__lt=required)
        parts.append(
            people.order_by().values(
                "done",
                person_id=F("pk"),
                person_name=F("name"),
                masked_id=F("national_id_masked"),
                employee_no=F("employee_number"),
                title=F("job_title"),
                agency_name=F("agency__name"),
                agency_code=F("agency__code"),
                rule_id=Value(item.pk, output_field=IntegerField()),
                rule_order=Value(order, output_field=IntegerField()),
            )
        )
    if not parts:
        queryset = Person.objects.none().values("pk")
    elif len(parts) == 1:
        queryset = parts[0].order_by("agency_code", "person_name", "person_id")
    else:
        queryset = (
            parts[0]
            .union(*parts[1:], all=True)
            .order_by("agency_code", "person_name", "person_id", "rule_order")
        )
    return Compliance(
        year=year,
        rules=rules,
        summary=summary,
        rows=ComplianceRows(queryset, {item.pk: item for item in rules}),
    )
