import re

from cms.catalog.models import CoursePage

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


def course_search(*, query: str):
    """Published courses matching the words of ``query`` (Wagtail's backend)."""
    terms = search_terms(query)
    if not terms:
        return CoursePage.objects.none()
    return CoursePage.objects.live().public().search(terms)
