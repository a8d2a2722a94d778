from cms.catalog.models import CoursePage

MAX_QUERY_LENGTH = 100


def normalise_query(raw: str) -> str:
    """Trim and bound what users type; searches never see more than this."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def course_search(*, query: str):
    """Published courses matching ``query`` (Wagtail's configured backend)."""
    return CoursePage.objects.live().public().search(query)
