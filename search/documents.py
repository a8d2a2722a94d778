"""The Elasticsearch index of the catalog (SEARCH_BACKEND=elasticsearch).

Text is folded in Python first (search.analysis.fold: simplified to Taiwan
traditional, variants, width, case), since Elasticsearch has no OpenCC without a
plugin; the index's own analyzer then makes CJK bigrams (the cjk analyzer's way)
and stems English, the same for documents and queries.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from cms.catalog.models import CoursePage, Session

from .analysis import fold

ALIAS = getattr(settings, "ELASTICSEARCH_CATALOG_ALIAS", "civiclearn-courses")

english_stem = token_filter("civic_english_stem", type="stemmer", language="english")
cjk_text = analyzer(
    "civic_cjk",
    tokenizer="standard",
    filter=["cjk_width", "lowercase", "cjk_bigram", english_stem],
)
# Suggestions while typing: edge n-grams of each bigram-free word and of the title.
autocomplete_filter = token_filter(
    "civic_autocomplete_ngram", type="edge_ngram", min_gram=1, max_gram=20
)
autocomplete = analyzer(
    "civic_autocomplete",
    tokenizer="keyword",
    filter=["cjk_width", "lowercase", autocomplete_filter],
)


class CourseDocument(Document):
    """One course with what the catalog filters and facets need."""

    title = Text(
        analyzer=cjk_text,
        fields={
            "raw": Keyword(),
            "suggest": Text(analyzer=autocomplete, search_analyzer="keyword"),
        },
    )
    summary = Text(analyzer=cjk_text)
    body = Text(analyzer=cjk_text)
    category = Keyword()
    delivery_modes = Keyword()
    months = Keyword()
    open_for_registration = Boolean()
    next_session = Date()
    study_hours = Integer()

    class Index:
        name = ALIAS
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def course_document(course, sessions) -> CourseDocument:
    """The document of ``course`` from its (non-cancelled) ``sessions``."""
    today, now = timezone.localdate(), timezone.now()
    upcoming = [s for s in sessions if s.start_date >= today]
    title, summary, body = (fold(part) for part in course.search_source())
    return CourseDocument(
        meta={"id": course.pk},
        title=title,
        summary=summary,
        body=body,
        category=course.category.slug,
        delivery_modes=sorted(
            {
                course.delivery_mode,
                *(s.delivery_mode for s in sessions if s.delivery_mode),
            }
        ),
        months=sorted({f"{s.start_date:%Y-%m}" for s in sessions}),
        open_for_registration=any(s.open_for_registration_at(now) for s in sessions),
        next_session=min((s.start_date for s in upcoming), default=None),
        study_hours=int(course.study_hours),
    )


def course_documents():
    """Every published course's document, sessions fetched in one query."""
    sessions = {}
    for session in Session.objects.not_cancelled().order_by("start_date"):
        sessions.setdefault(session.course_id, []).append(session)
    courses = (
        CoursePage.objects.live()
        .public()
        .select_related("category")
        .prefetch_related("lecturers", "competencies")
    )
    for course in courses.iterator(chunk_size=200):
        yield course_document(course, sessions.get(course.pk, []))


def course_query(
    *, query, category=None, mode=None, month=None, open_only=False, size=20
):
    """The search body: relevance with title over summary over body, open courses
    boosted, filters as filter clauses, and the facets as aggregations."""
    text = fold(query)
    search = Search(index=ALIAS).extra(size=size, track_total_hits=True)
    if text:
        matching = Q(
            "multi_match",
            query=text,
            fields=["title^10", "summary^3", "body"],
            type="most_fields",
            operator="or",
            minimum_should_match="60%",
        )
        search = search.query(
            "function_score",
            query=matching,
            functions=[
                {"filter": {"term": {"open_for_registration": True}}, "weight": 1.5}
            ],
            boost_mode="multiply",
        )
    filters = []
    if category:
        filters.append(Q("term", category=category))
    if mode:
        filters.append(Q("term", delivery_modes=mode))
    if month:
        filters.append(
            Q(
                "term",
                months=f"{month:%Y-%m}" if isinstance(month, datetime.date) else month,
            )
        )
    if open_only:
        filters.append(Q("term", open_for_registration=True))
    if filters:
        search = search.filter("bool", filter=filters)
    search.aggs.bucket("category", A("terms", field="category", size=50))
    search.aggs.bucket("mode", A("terms", field="delivery_modes", size=10))
    search.aggs.bucket(
        "month", A("terms", field="months", size=24, order={"_key": "asc"})
    )
    search.aggs.bucket("open", A("filter", term={"open_for_registration": True}))
    return search


def suggest_query(*, prefix, size=8):
    """Titles starting with what the user has typed so far."""
    return (
        Search(index=ALIAS)
        .query("match", **{"title.suggest": {"query": fold(prefix)}})
        .source(["title"])
        .extra(size=size)
    )


def reindex(client, *, documents=None, alias=ALIAS, now=None) -> str:
    """Build a fresh index, then move the alias to it in one atomic step, so that
    searches never see an empty or half-built index. Returns the new index name."""
    from elasticsearch.helpers import bulk

    stamp = (now or timezone.now()).strftime("%Y%m%d%H%M%S%f")
    name = f"{alias}-{stamp}"
    index = Index(name, using=client)
    index.settings(**CourseDocument._index._settings)
    index.document(CourseDocument)
    index.create(using=client)
    docs = documents if documents is not None else course_documents()
    bulk(client, (doc.to_dict(include_meta=True) | {"_index": name} for doc in docs))
    client.indices.refresh(index=name)
    old = (
        list(client.indices.get_alias(name=alias))
        if client.indices.exists_alias(name=alias)
        else []
    )
    actions = [{"remove": {"index": old_name, "alias": alias}} for old_name in old]
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for old_name in old:
        client.indices.delete(index=old_name)
    return name
