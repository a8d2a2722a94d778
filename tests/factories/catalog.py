"""Plain factory functions for the catalog; each returns saved objects."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.catalog.models import (
    CatalogIndexPage,
    CourseCategory,
    CoursePage,
    DeliveryMode,
    Session,
    SessionStatus,
    TimetableEntry,
    Venue,
)
from cms.home.models import HomePage

_seq = itertools.count(1)


def make_site():
    """A default site whose root is a HomePage with a catalog under it."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed Wagtail's initial tree
        Locale.objects.get_or_create(language_code="zh-hant")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(title="首頁", slug=f"home-{next(_seq)}")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    catalog = CatalogIndexPage(title="課程總覽", slug="catalog")
    home.add_child(instance=catalog)
    return home, catalog


def make_category(**fields):
    n = next(_seq)
    fields.setdefault("name", f"類別{n}")
    fields.setdefault("slug", f"category-{n}")
    return CourseCategory.objects.create(**fields)


def make_venue(**fields):
    n = next(_seq)
    fields.setdefault("name", f"教室 {n}")
    fields.setdefault("address", "臺北市文山區萬美街一段19號")
    fields.setdefault("capacity", 40)
    return Venue.objects.create(**fields)


def make_course(catalog, *, live=True, **fields):
    n = next(_seq)
    fields.setdefault("title", f"課程{n}")
    fields.setdefault("slug", f"course-{n}")
    fields.setdefault("summary", "課程摘要")
    fields.setdefault("study_hours", Decimal("6"))
    fields.setdefault("delivery_mode", DeliveryMode.CLASSROOM)
    if "category" not in fields:
        fields["category"] = make_category()
    course = CoursePage(live=live, **fields)
    catalog.add_child(instance=course)
    return course


def make_session(course, *, start=None, days=1, timetable=0, **fields):
    """A session starting ``start`` (default in 30 days); open for registration."""
    now = timezone.now()
    start = start or timezone.localdate() + datetime.timedelta(days=30)
    fields.setdefault("code", f"B{next(_seq):05d}")
    fields.setdefault("term", 1)
    fields.setdefault("capacity", 30)
    fields.setdefault("status", SessionStatus.OPEN)
    fields.setdefault("registration_opens", now - datetime.timedelta(days=5))
    fields.setdefault("registration_closes", now + datetime.timedelta(days=5))
    session = Session.objects.create(
        course=course,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        **fields,
    )
    for i in range(timetable):
        TimetableEntry.objects.create(
            session=session,
            date=start,
            start_time=datetime.time(9 + i, 0),
            end_time=datetime.time(9 + i, 50),
            topic=f"主題 {i + 1}",
        )
    return session
