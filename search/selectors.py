import re

from django.utils import timezone

from cms.catalog.models import CoursePage, Session, SessionStatus

from . import analysis, elastic

MAX_QUERY_LENGTH = 100
# Anything but letters, digits and spaces is query syntax to some backend (FTS5
# quotes and operators, tsquery, Lucene); users mean words, so symbols become spaces.
_NOT_WORD = re.compile(r"[^\w\s]|_")


def normalise_query(raw: str) -> str:
    """Trim and bound what users type, without control characters."""
    printable = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> str:
    """The words of a normalised query, free of any backend's syntax."""
    return " ".join(_NOT_WORD.sub(" ", query).split())


RESULT_LIMIT = 200


def course_search(*, query: str) -> list:
    """Published courses matching ``query``, best first.

    The query is analysed like the indexed text (search.analysis), so parts of
    words, 台/臺 and simplified characters match.
    """
    words = search_terms(query)
    terms = analysis.analyse_query(words)
    if not terms:
        return []
    if elastic.enabled():
        return elastic.course_search(query=words)[0]
    courses = CoursePage.objects.live().public()
    results = list(courses.search(terms, operator="or")[:RESULT_LIMIT])
    if not results:
        # Abbreviations (資安, 個資): every character must appear, in any order.
        characters = analysis.analyse_query_characters(words)
        results = list(courses.search(characters, operator="and")[:RESULT_LIMIT])
    if not results:
        return []
    now = timezone.now()
    open_ids = set(
        Session.objects.filter(
            course__in=results,
            status=SessionStatus.OPEN,
            registration_opens__lte=now,
            registration_closes__gte=now,
        ).values_list("course_id", flat=True)
    )
    # The backends rank differently (SQLite's bm25 normalises by length,
    # PostgreSQL's ts_rank does not), so the final order is decided here, the same
    # everywhere: how much of the query the title holds, then open for
    # registration, then the shorter title, then the backend's order.
    wanted = set(terms.split())

    def key(item):
        position, course = item
        title = set(analysis.analyse(f"{course.title} {course.title_en}").split())
        coverage = len(wanted & title) / len(wanted)
        return (-coverage, course.pk not in open_ids, len(course.title), position)

    return [course for _position, course in sorted(enumerate(results), key=key)]


def narrow(found, *, category=None, mode=None, month=None, open_only=False):
    """Search results narrowed by the catalog's filters, relevance order kept."""
    from cms.catalog.selectors import course_list

    if not (category or mode or month or open_only):
        return found
    allowed = set(
        course_list(category=category, mode=mode, month=month, open_only=open_only)
        .filter(pk__in=[c.pk for c in found])
        .values_list("pk", flat=True)
    )
    return [course for course in found if course.pk in allowed]


def facets_of(found):
    """Facet counts (category, mode, month, open) of search results."""
    from cms.catalog.selectors import course_facets, course_list

    return course_facets(courses=course_list().filter(pk__in=[c.pk for c in found]))


def suggestions(*, query: str, limit=8) -> list[str]:
    """Course titles for what the user has typed so far."""
    if not search_terms(query):
        return []
    if elastic.enabled():
        return elastic.suggest(prefix=query, size=limit)
    return [course.title for course in course_search(query=query)[:limit]]
