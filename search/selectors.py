import re

from django.db.models import Case, When
from django.utils import timezone

from cms.catalog.models import CoursePage, Session
from cms.catalog.selectors import NEXT_START_FIRST, NEXT_START_LAST, course_list

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
        Session.objects.open_for_registration(now)
        .filter(course__in=results)
        .values_list("course_id", flat=True)
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


# Orders the API offers besides relevance (``next_start`` is course_list's).
ORDERINGS = {
    "title": ("title",),
    "-title": ("-title",),
    "next_session": (NEXT_START_FIRST, "title"),
    "-next_session": (NEXT_START_LAST, "title"),
    "study_hours": ("study_hours", "title"),
    "-study_hours": ("-study_hours", "title"),
}


def course_match_ids(*, query: str) -> list[int] | None:
    """Ids of the published courses matching ``query``, best first; None when
    there is no query at all (as opposed to [] when nothing matches)."""
    query = normalise_query(query)
    if not query:
        return None
    return [course.pk for course in course_search(query=query)]


def course_search_list(
    *,
    query: str = "",
    category=None,
    mode=None,
    month=None,
    open_only=False,
    ordering=None,
    catalog=None,
    matches: list[int] | None = None,
):
    """The catalog search of every face: the catalog page, the search page and the
    API's course list and facets.

    Published courses (under ``catalog`` when given) by the catalog's filters and
    free text, as ``course_list`` annotates them. With a query: only the matching
    courses, best match first unless ``ordering`` (a key of ORDERINGS) says
    otherwise; without: open ones first, then by next session. ``matches``, from
    ``course_match_ids``, stands for the query when the caller searched already.
    """
    courses = course_list(
        catalog=catalog,
        category=category,
        mode=mode,
        month=month,
        open_only=open_only,
    )
    if matches is None:
        matches = course_match_ids(query=query)
    if matches is not None:
        if not matches:
            return courses.none()
        courses = courses.filter(pk__in=matches)
        if not ordering:
            courses = courses.order_by(
                Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(matches)])
            )
    if ordering:
        courses = courses.order_by(*ORDERINGS[ordering])
    return courses
