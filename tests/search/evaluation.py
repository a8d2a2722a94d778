"""Recall@10 and MRR of the catalog search over the query set (tests and benchmark)."""

import time

from cms.catalog.models import CoursePage, Lecturer
from search.selectors import course_search

from .queries import QUERIES


def expected_titles(query, expected):
    if expected == "lecturer":
        lecturer = Lecturer.objects.get(name=query)
        return set(
            CoursePage.objects.live()
            .filter(lecturers=lecturer)
            .values_list("title", flat=True)
        )
    return set(expected)


def evaluate(k=10):
    """(recall@k, MRR, misses, timings in seconds) over QUERIES."""
    hits, reciprocal, misses, timings = 0, 0.0, [], []
    for query, expected in QUERIES:
        wanted = expected_titles(query, expected)
        started = time.perf_counter()
        titles = [course.title for course in course_search(query=query)[:k]]
        timings.append(time.perf_counter() - started)
        rank = next((i for i, title in enumerate(titles, 1) if title in wanted), None)
        if rank:
            hits += 1
            reciprocal += 1 / rank
        else:
            misses.append((query, titles[:3]))
    return hits / len(QUERIES), reciprocal / len(QUERIES), misses, timings
