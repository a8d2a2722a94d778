"""Reads of the catalog for the site, the admin and the API."""

import datetime
import time

from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import (
    CatalogIndexPage,
    CatalogState,
    CourseCategory,
    CoursePage,
    DeliveryMode,
    Session,
    TimetableEntry,
)

CARD_RENDITION = "fill-640x360"
# Unscheduled courses last on every backend (SQLite sorts NULL first by default,
# PostgreSQL last).
NEXT_START_FIRST = F("next_start").asc(nulls_last=True)
NEXT_START_LAST = F("next_start").desc(nulls_first=True)


def _with_card_data(qs, *, today, now):
    from wagtail.images import get_image_model

    courses_sessions = Session.objects.not_cancelled().filter(course=OuterRef("pk"))
    return (
        qs.select_related("category")
        .prefetch_related(
            Prefetch(
                "hero_image",
                queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION),
            )
        )
        .annotate(
            next_start=Subquery(
                courses_sessions.filter(start_date__gte=today)
                .order_by("start_date")
                .values("start_date")[:1]
            ),
            registration_open=Exists(
                Session.objects.open_for_registration(now).filter(course=OuterRef("pk"))
            ),
        )
    )


def course_list(*, catalog=None, category=None, mode=None, month=None, open_only=False):
    """Published courses with their next session date and an open-registration flag."""
    today, now = timezone.localdate(), timezone.now()
    qs = CoursePage.objects.live().public()
    if catalog is not None:
        qs = qs.descendant_of(catalog)
    if category:
        qs = qs.filter(category__slug=category)
    if mode:
        qs = qs.filter(
            Q(delivery_mode=mode)
            | Exists(Session.objects.filter(course=OuterRef("pk"), delivery_mode=mode))
        )
    if month:
        first = month.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1)
        qs = qs.filter(
            Exists(
                Session.objects.not_cancelled().filter(
                    course=OuterRef("pk"), start_date__gte=first, start_date__lt=last
                )
            )
        )
    qs = _with_card_data(qs, today=today, now=now)
    if open_only:
        qs = qs.filter(registration_open=True)
    return qs.order_by("-registration_open", NEXT_START_FIRST, "title")


def category_list():
    """Every course category, in the editors' order."""
    return CourseCategory.objects.order_by("sort_order", "name")


PAST_SESSIONS_SHOWN = 10


def session_list_for_course(*, course, upcoming=True):
    """A course's sessions in date order: upcoming ones with venue and timetable."""
    if not upcoming:
        return course.sessions.past().select_related("venue")
    return (
        course.sessions.upcoming()
        .select_related("venue")
        .prefetch_related(
            Prefetch(
                "timetable",
                queryset=TimetableEntry.objects.select_related("lecturer").order_by(
                    "date", "start_time"
                ),
            )
        )
    )


def past_session_list(*, course, limit=PAST_SESSIONS_SHOWN) -> list:
    """The latest ``limit`` past sessions of a course, each carrying ``past_total``
    (how many past sessions there are in all)."""
    # The window counts every past session while the slice fetches the latest.
    return list(
        session_list_for_course(course=course, upcoming=False).annotate(
            past_total=Window(Count("pk"))
        )[:limit]
    )


def with_upcoming_sessions(courses):
    """``courses`` with their upcoming sessions (and venues) as ``upcoming_sessions``."""
    return courses.prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.upcoming().select_related("venue"),
            to_attr="upcoming_sessions",
        )
    )


def featured_course_list(*, home, limit=6):
    """The editor's featured courses, or else the courses starting soonest."""
    today, now = timezone.localdate(), timezone.now()
    featured_ids = list(
        home.featured_courses.order_by("sort_order").values_list("course_id", flat=True)
    )
    qs = _with_card_data(CoursePage.objects.live().public(), today=today, now=now)
    if featured_ids:
        by_id = {c.pk: c for c in qs.filter(pk__in=featured_ids)}
        return [by_id[pk] for pk in featured_ids if pk in by_id][:limit]
    return list(qs.filter(next_start__isnull=False).order_by("next_start")[:limit])


def open_session_list(*, limit=6):
    """Sessions whose registration is open now, closing soonest first."""
    now = timezone.now()
    return list(
        Session.objects.open_for_registration(now)
        .filter(course__live=True)
        .select_related("course", "venue")
        .order_by("registration_closes", "start_date")[:limit]
    )


def catalog_page_get():
    """The published course catalog page (the first, should there be several)."""
    return CatalogIndexPage.objects.live().first()


_state_memo = {"until": 0.0, "state": None}


def catalog_state_forget():
    """Drop this process's memo of the catalog state (after a change here)."""
    _state_memo["until"] = 0.0


def catalog_state():
    """(version, changed_at) of the catalog: one primary-key read, memoised per
    process for ``CATALOG_STATE_TTL`` seconds.

    A change made in this process is seen at once; other processes see it within
    the TTL. Raw SQL: on a cached read the ORM's query building costs more than
    the query.
    """
    now = time.monotonic()
    if _state_memo["until"] > now:
        return _state_memo["state"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, changed_at FROM {CatalogState._meta.db_table} WHERE id = 1"  # noqa: S608
        )
        row = cursor.fetchone()
    if row is None:
        state = (0, None)
    else:
        version, changed_at = row
        if isinstance(changed_at, str):
            changed_at = parse_datetime(changed_at)
        if changed_at is not None and timezone.is_naive(changed_at):
            changed_at = changed_at.replace(tzinfo=datetime.UTC)
        state = (version, changed_at)
    ttl = getattr(settings, "CATALOG_STATE_TTL", 0)
    if ttl:
        _state_memo.update(until=now + ttl, state=state)
    return state


def course_facets(*, courses) -> dict:
    """Counts of ``courses`` by category, delivery mode, month (next 12) and open."""
    courses = courses.order_by()
    ids = courses.values("pk")
    categories = (
        CourseCategory.objects.filter(courses__in=ids)
        .annotate(n=Count("courses", distinct=True))
        .order_by("sort_order", "name")
    )
    modes = (
        CoursePage.objects.filter(pk__in=ids)
        .values("delivery_mode")
        .annotate(n=Count("pk"))
        .order_by("delivery_mode")
    )
    first = timezone.localdate().replace(day=1)
    months = (
        Session.objects.not_cancelled()
        .filter(
            course__in=ids,
            start_date__gte=first,
            start_date__lt=first + datetime.timedelta(days=366),
        )
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("course", distinct=True))
        .order_by("month")
    )
    return {
        "total": courses.count(),
        "category": [
            {"value": c.slug, "label": c.name, "count": c.n} for c in categories
        ],
        "mode": [
            {
                "value": m["delivery_mode"],
                "label": str(DeliveryMode(m["delivery_mode"]).label),
                "count": m["n"],
            }
            for m in modes
        ],
        "month": [
            {
                "value": f"{m['month']:%Y-%m}",
                "label": f"{m['month']:%Y-%m}",
                "count": m["n"],
            }
            for m in months
        ],
        "open_for_registration": courses.filter(registration_open=True).count(),
    }


def public_session_list():
    """Sessions of published courses, not cancelled, with venue and timetable."""
    return (
        Session.objects.filter(course__live=True)
        .not_cancelled()
        .select_related("venue", "course")
        .prefetch_related("timetable__lecturer")
    )


def course_names(*, course) -> dict[str, list[str]]:
    """The names a course page lists, in one query: its competencies, the
    courses it requires first and those that exclude it."""

    def names(relation, kind, column):
        return (
            getattr(CoursePage, relation)
            .through.objects.filter(**{f"{relation_source[relation]}_id": course.pk})
            .values_list(Value(kind, output_field=CharField()), column)
        )

    relation_source = {
        "competencies": "coursepage",
        "required_courses": "from_coursepage",
        "excluded_courses": "from_coursepage",
    }
    rows = names("competencies", "competencies", "competency__name").union(
        names("required_courses", "required", "to_coursepage__title"),
        names("excluded_courses", "excluded", "to_coursepage__title"),
        all=True,
    )
    found = {"competencies": [], "required": [], "excluded": []}
    for kind, name in rows:
        found[kind].append(name)
    return {kind: sorted(values) for kind, values in found.items()}
