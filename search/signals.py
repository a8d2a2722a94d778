"""Keep the Elasticsearch catalog index current between reindexes (when enabled)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.catalog.models import CoursePage, Session
from cms.core.tasks import enqueue_with_transaction

from . import elastic


def _queue(course_id):
    if elastic.enabled() and course_id:
        from .tasks import index_course_task

        # Queued with the change itself: a crash in between cannot leave the
        # index stale until the next reindex.
        enqueue_with_transaction(index_course_task, course_id)


@receiver(page_published)
@receiver(page_unpublished)
def _course_changed(sender, instance, **kwargs):
    if isinstance(instance, CoursePage):
        _queue(instance.pk)


@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
def _session_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _queue(instance.course_id)
