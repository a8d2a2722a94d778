from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from .models import (
    CatalogState,
    CourseCategory,
    CoursePage,
    Lecturer,
    Session,
    TimetableEntry,
    Venue,
)
from .selectors import catalog_state_forget

WATCHED = (CoursePage, Session, TimetableEntry, Venue, CourseCategory, Lecturer)


def catalog_touch():
    """Move the catalog's version; cached responses and ETags of it go stale."""
    updated = CatalogState.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogState.objects.get_or_create(pk=1, defaults={"version": 1})
    catalog_state_forget()
    transaction.on_commit(catalog_state_forget)


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        catalog_touch()


@receiver(post_save)
@receiver(post_delete)
def _model_changed(sender, instance, raw=False, **kwargs):
    if not raw and sender in WATCHED:
        catalog_touch()
