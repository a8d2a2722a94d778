from .models import NewsPage


def news_list(*, index=None, limit=None):
    """Published news, newest first; under one index page when given."""
    qs = NewsPage.objects.live().public().order_by("-date", "-pk")
    if index is not None:
        qs = qs.child_of(index)
    return qs[:limit] if limit else qs
