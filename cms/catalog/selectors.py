"""Reads of the catalog for the site, the admin and the API."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Window
from django.utils import timezone

from .forms import CatalogFilterForm
from .models import (
    CatalogIndexPage,
    CourseCategory,
    CoursePage,
    Session,
    SessionStatus,
    TimetableEntry,
)

CARD_RENDITION = "fill-640x360"


def _bookable_sessions():
    return Session.objects.exclude(status=SessionStatus.CANCELLED)


def _open_sessions(now):
    return Session.objects.filter(
        status=SessionStatus.OPEN,
        registration_opens__lte=now,
        registration_closes__gte=now,
    )


def _with_card_data(qs, *, today, now):
    from wagtail.images import get_image_model

    courses_sessions = _bookable_sessions().filter(course=OuterRef("pk"))
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
            registration_open=Exists(_open_sessions(now).filter(course=OuterRef("pk"))),
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
                _bookable_sessions().filter(
                    course=OuterRef("pk"), start_date__gte=first, start_date__lt=last
                )
            )
        )
    qs = _with_card_data(qs, today=today, now=now)
    if open_only:
        qs = qs.filter(registration_open=True)
    return qs.order_by("-registration_open", "next_start", "title")


def catalog_context(*, catalog, request):
    """What the catalog page shows: the filter form and one page of courses."""
    categories = list(CourseCategory.objects.all())
    form = CatalogFilterForm(request.GET or None, categories=categories)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "category": data["category"],
            "mode": data["mode"],
            "month": data["month"],
            "open_only": data["open"],
        }
    courses = course_list(catalog=catalog, **filters)
    paginator = Paginator(courses, settings.CATALOG_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "categories": categories,
        "page_obj": page_obj,
        "courses": page_obj.object_list,
        "filter_query": query.urlencode(),
        "filters_active": any(filters.values()) if filters else False,
    }


PAST_SESSIONS_SHOWN = 10


def session_list_for_course(*, course, upcoming=True):
    """A course's sessions in date order: upcoming ones with venue and timetable."""
    today = timezone.localdate()
    qs = course.sessions.exclude(status=SessionStatus.CANCELLED).select_related("venue")
    if not upcoming:
        return qs.filter(end_date__lt=today).order_by("-start_date", "-term")
    return (
        qs.filter(end_date__gte=today)
        .prefetch_related(
            Prefetch(
                "timetable",
                queryset=TimetableEntry.objects.select_related("lecturer").order_by(
                    "date", "start_time"
                ),
            )
        )
        .order_by("start_date", "term")
    )


def course_context(*, course, request):
    """What a course page shows: upcoming sessions in full, the latest past ones."""
    from cms.core import people
    from cms.handouts.selectors import handout_list_for_course

    # The window counts every past session while the slice fetches the latest.
    past = list(
        session_list_for_course(course=course, upcoming=False).annotate(
            past_total=Window(Count("pk"))
        )[:PAST_SESSIONS_SHOWN]
    )
    upcoming = list(session_list_for_course(course=course))
    mine = people.ask("session_enrolment_for", user=request.user, sessions=upcoming)
    for session in upcoming:
        session.my_enrolment = mine.get(session.pk)
    return {
        "upcoming_sessions": upcoming,
        "past_sessions": past,
        "past_session_count": past[0].past_total if past else 0,
        "lecturers": list(course.lecturers.all()),
        "competencies": list(course.competencies.all()),
        "handouts": handout_list_for_course(user=request.user, course=course),
        "also_taken": people.ask("also_taken_list", course=course),
    }


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
        _open_sessions(now)
        .filter(course__live=True)
        .select_related("course", "venue")
        .order_by("registration_closes", "start_date")[:limit]
    )


def catalog_page_get():
    return CatalogIndexPage.objects.live().first()


def venue_booking_conflicts(*, session):
    """Other sessions holding the same venue on overlapping dates."""
    return (
        Session.objects.filter(
            venue_id=session.venue_id,
            start_date__lte=session.end_date,
            end_date__gte=session.start_date,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
        .order_by("start_date")
    )


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
    import datetime
    import time

    from django.conf import settings
    from django.db import connection
    from django.utils.dateparse import parse_datetime

    from .models import CatalogState

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
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from .models import DeliveryMode

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
        _bookable_sessions()
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
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("venue", "course")
        .prefetch_related("timetable__lecturer")
    )
