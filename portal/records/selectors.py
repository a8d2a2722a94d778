"""Training records and study hours, through the viewer's scope."""

from decimal import Decimal

from django.db.models import DecimalField, F, FilteredRelation, Q, Value
from django.db.models.functions import Coalesce

from portal.accounts.names import display_name
from portal.accounts.selectors import person_list, scope_filter

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
