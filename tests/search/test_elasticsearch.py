"""The Elasticsearch catalog index, checked without a server: mappings, analyzers,
query bodies and the alias swap. The last test talks to a real server when
ELASTICSEARCH_URL is set."""

import datetime
import os

import pytest

from search import documents


def test_index_settings_define_the_chinese_aware_analyzer():
    body = documents.CourseDocument._index.to_dict()
    analysis = body["settings"]["analysis"]
    cjk = analysis["analyzer"]["civic_cjk"]
    assert cjk["tokenizer"] == "standard"
    assert cjk["filter"] == [
        "cjk_width",
        "lowercase",
        "cjk_bigram",
        "civic_english_stem",
    ]
    assert analysis["filter"]["civic_english_stem"] == {
        "type": "stemmer",
        "language": "english",
    }
    assert analysis["filter"]["civic_autocomplete_ngram"]["type"] == "edge_ngram"


def test_mapping_has_text_keyword_and_suggest_fields():
    properties = documents.CourseDocument._index.to_dict()["mappings"]["properties"]
    title = properties["title"]
    assert title["analyzer"] == "civic_cjk"
    assert title["fields"]["raw"] == {"type": "keyword"}
    assert title["fields"]["suggest"]["analyzer"] == "civic_autocomplete"
    for name in ("category", "delivery_modes", "months"):
        assert properties[name] == {"type": "keyword"}
    assert properties["open_for_registration"] == {"type": "boolean"}


def test_query_body_ranks_title_over_summary_over_body_and_boosts_open_courses():
    body = documents.course_query(query="日語").to_dict()
    score = body["query"]["function_score"]
    match = score["query"]["multi_match"]
    assert match["fields"] == ["title^10", "summary^3", "body"]
    assert match["query"] == "日語"
    assert score["functions"] == [
        {"filter": {"term": {"open_for_registration": True}}, "weight": 1.5}
    ]
    assert set(body["aggs"]) == {"category", "mode", "month", "open"}


def test_query_is_folded_like_the_documents():
    assert (
        documents.course_query(query="日语 台北").to_dict()["query"]["function_score"][
            "query"
        ]["multi_match"]["query"]
        == "日語 臺北"
    )


def test_filters_become_filter_clauses():
    body = documents.course_query(
        query="資訊",
        category="it",
        mode="online",
        month=datetime.date(2026, 12, 1),
        open_only=True,
    ).to_dict()
    filters = body["query"]["bool"]["filter"][0]["bool"]["filter"]
    assert {"term": {"category": "it"}} in filters
    assert {"term": {"delivery_modes": "online"}} in filters
    assert {"term": {"months": "2026-12"}} in filters
    assert {"term": {"open_for_registration": True}} in filters


def test_suggestions_use_the_edge_ngram_subfield():
    body = documents.suggest_query(prefix="夜間").to_dict()
    assert body["query"] == {"match": {"title.suggest": {"query": "夜間"}}}


@pytest.mark.django_db
def test_course_document_carries_facets_and_open_flag(catalog):
    from tests.factories.catalog import make_category, make_course, make_session

    course = make_course(
        catalog, title="夜間日語初級班", category=make_category(slug="language")
    )
    session = make_session(course)
    doc = documents.course_document(course, [session])
    assert doc.title.startswith("夜間日語初級班")
    assert doc.category == "language"
    assert doc.months == [f"{session.start_date:%Y-%m}"]
    assert doc.open_for_registration is True
    assert doc.delivery_modes == ["classroom"]


class _FakeIndices:
    def __init__(self, log, existing):
        self.log, self.existing = log, existing

    def create(self, index, **body):
        self.log.append(("create", index))

    def refresh(self, index):
        self.log.append(("refresh", index))

    def exists_alias(self, name):
        return bool(self.existing)

    def get_alias(self, name):
        return {old: {"aliases": {name: {}}} for old in self.existing}

    def update_aliases(self, actions):
        self.log.append(("update_aliases", actions))

    def delete(self, index):
        self.log.append(("delete", index))


class _FakeClient:
    def __init__(self, existing=()):
        self.log = []
        self.indices = _FakeIndices(self.log, list(existing))


def test_reindex_fills_a_new_index_then_swaps_the_alias_atomically(monkeypatch):
    import elasticsearch.helpers

    client = _FakeClient(existing=["civiclearn-courses-old"])
    indexed = []
    monkeypatch.setattr(
        elasticsearch.helpers, "bulk", lambda _client, actions: indexed.extend(actions)
    )
    doc = documents.CourseDocument(meta={"id": 1}, title="夜間日語初級班")
    now = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)
    name = documents.reindex(client, documents=[doc], now=now)

    assert name == "civiclearn-courses-20261122090000000000"
    assert [entry[0] for entry in client.log] == [
        "create",
        "refresh",
        "update_aliases",
        "delete",
    ]
    assert indexed[0]["_index"] == name and indexed[0]["_id"] == 1
    (_, actions) = client.log[2]
    assert actions == [
        {"remove": {"index": "civiclearn-courses-old", "alias": "civiclearn-courses"}},
        {"add": {"index": name, "alias": "civiclearn-courses"}},
    ]
    assert client.log[3] == ("delete", "civiclearn-courses-old")


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL"
)
@pytest.mark.django_db
def test_against_a_real_elasticsearch(settings):
    from django.core.management import call_command

    from search import elastic

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    documents.reindex(elastic.client())
    courses, facets = elastic.course_search(query="日語")
    assert "夜間日語初級班" in [c.title for c in courses[:10]]
    assert facets["total"] >= 1


@pytest.mark.django_db
def test_course_changes_queue_an_index_update_only_when_enabled(
    catalog, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.factories.catalog import make_course, make_session

    queued = []

    class FakeTask:
        def get_backend(self):
            return None  # not the database backend: handed over after commit

        def enqueue(self, course_id):
            queued.append(course_id)

    monkeypatch.setattr("search.tasks.index_course_task", FakeTask())
    course = make_course(catalog)
    settings.SEARCH_BACKEND = "database"
    with django_capture_on_commit_callbacks(execute=True):
        make_session(course, code="E00001")
    assert queued == []
    settings.SEARCH_BACKEND = "elasticsearch"
    with django_capture_on_commit_callbacks(execute=True):
        make_session(course, code="E00002")
    assert queued == [course.pk]
