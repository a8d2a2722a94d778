"""The Elasticsearch side of the catalog search, used when SEARCH_BACKEND says so."""

from django.conf import settings
from elasticsearch import Elasticsearch

from cms.catalog.models import CoursePage, Session

from . import documents


def enabled() -> bool:
    return settings.SEARCH_BACKEND == "elasticsearch"


def client() -> Elasticsearch:
    return Elasticsearch(
        settings.ELASTICSEARCH_URL or "http://localhost:9200", request_timeout=10
    )


def course_search(*, query, **filters) -> tuple[list, dict]:
    """(courses in relevance order, facet counts) from the catalog index."""
    response = documents.course_query(query=query, **filters).using(client()).execute()
    ids = [int(hit.meta.id) for hit in response]
    courses = {c.pk: c for c in CoursePage.objects.live().public().filter(pk__in=ids)}
    aggs = response.aggregations
    facets = {
        "total": response.hits.total.value,
        "category": [
            {"value": b.key, "label": b.key, "count": b.doc_count}
            for b in aggs.category.buckets
        ],
        "mode": [
            {"value": b.key, "label": b.key, "count": b.doc_count}
            for b in aggs.mode.buckets
        ],
        "month": [
            {"value": b.key, "label": b.key, "count": b.doc_count}
            for b in aggs.month.buckets
        ],
        "open_for_registration": aggs.open.doc_count,
    }
    return [courses[pk] for pk in ids if pk in courses], facets


def index_course(course_id: int) -> None:
    """Put one course's current document in the catalog index (or take it out)."""
    course = (
        CoursePage.objects.live()
        .public()
        .select_related("category")
        .filter(pk=course_id)
        .first()
    )
    es = client()
    if course is None:
        es.delete(index=documents.ALIAS, id=course_id, ignore_status=404)
        return
    sessions = list(Session.objects.filter(course=course).not_cancelled())
    documents.course_document(course, sessions).save(using=es, index=documents.ALIAS)
