"""Reads of suggestions, scoped by ``portal.accounts.access`` (kind FEEDBACK):
those who handle suggestions see all of them, anybody else only their own (an
HR officer sees no one else's). The public board reads only what staff
published, and only its public words."""

from django.db.models import Count, Q
from django.http import Http404

from cms.catalog.models import Session
from portal.accounts import access
from portal.enrolment import selectors as enrolment_selectors
from portal.enrolment.models import ACTIVE_STATUSES

from .models import Status, Suggestion

# The fields the public board may show: never the author, nor their own words.
PUBLIC_FIELDS = (
    "id",
    "topic",
    "session__course__title",
    "public_subject",
    "public_body",
    "reply",
    "replied_at",
    "published_at",
)


def can_handle(viewer) -> bool:
    """Whether ``viewer`` replies to, changes and publishes suggestions."""
    return access.can_handle_suggestions(viewer)


def _query(queryset, query: str, fields):
    query = " ".join((query or "").split())[:100]
    if not query:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def suggestion_list(
    *,
    viewer,
    status: str = "",
    topic: str = "",
    session_id: int | None = None,
    query: str = "",
):
    """The suggestions ``viewer`` may see, newest first, filtered."""
    queryset = access.scope_filter(
        Suggestion.objects.select_related(
            "author__person", "session__course", "replied_by"
        ),
        viewer,
        kind=access.FEEDBACK,
        user_field="author",
    )
    if status:
        queryset = queryset.filter(status=status)
    if topic:
        queryset = queryset.filter(topic=topic)
    if session_id is not None:
        queryset = queryset.filter(session_id=session_id)
    queryset = _query(
        queryset, query, ("subject", "body", "reply", "author__person__name")
    )
    return queryset.order_by("-created_at", "-pk")


def suggestion_get(*, viewer, pk) -> Suggestion:
    """One suggestion in the viewer's scope; 404 otherwise."""
    suggestion = suggestion_list(viewer=viewer).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


def suggestion_events(*, viewer, suggestion: Suggestion):
    """The history of a suggestion the viewer handles; nothing for anybody else."""
    if not can_handle(viewer):
        return suggestion.events.none()
    return suggestion.events.select_related("actor__person")


def my_suggestion_list(*, viewer):
    """The viewer's own suggestions, newest first (staff too see only theirs)."""
    if not getattr(viewer, "is_authenticated", False):
        return Suggestion.objects.none()
    return suggestion_list(viewer=viewer).filter(author_id=viewer.pk)


def my_suggestion_get(*, viewer, pk) -> Suggestion:
    suggestion = my_suggestion_list(viewer=viewer).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


def recent_count(*, author, since) -> int:
    """How many suggestions ``author`` sent since ``since`` (the rate limit)."""
    return Suggestion.objects.filter(author=author, created_at__gte=since).count()


def published_list(*, query: str = "", topic: str = ""):
    """The public board: published questions and replies, newest first. Rows
    hold only ``PUBLIC_FIELDS``: no author, no words the author wrote."""
    queryset = Suggestion.objects.filter(published=True).exclude(
        status=Status.WITHDRAWN
    )
    if topic:
        queryset = queryset.filter(topic=topic)
    queryset = _query(queryset, query, ("public_subject", "public_body", "reply"))
    return queryset.order_by("-published_at", "-pk").values(*PUBLIC_FIELDS)


def suggestable_sessions(*, viewer):
    """The sessions the viewer is or was selected for, newest first: a
    suggestion may be about one of these (through the enrolment selectors)."""
    if not getattr(viewer, "is_authenticated", False):
        return Session.objects.none()
    upcoming, past = enrolment_selectors.my_enrolments(user=viewer)
    ids = [e.session_id for e in (*upcoming, *past) if e.status in ACTIVE_STATUSES]
    return (
        Session.objects.filter(pk__in=ids)
        .select_related("course")
        .order_by("-start_date", "-pk")
    )


def sessions_with_suggestions(*, viewer):
    """Sessions that suggestions the viewer may see are about (the filter)."""
    ids = (
        suggestion_list(viewer=viewer)
        .exclude(session__isnull=True)
        .values("session_id")
    )
    return (
        Session.objects.filter(pk__in=ids)
        .select_related("course")
        .order_by("-start_date", "-pk")
    )


def status_counts(*, viewer) -> dict[str, int]:
    """How many suggestions the viewer may see are in each status."""
    rows = (
        access.scope_filter(
            Suggestion.objects.all(),
            viewer,
            kind=access.FEEDBACK,
            user_field="author",
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}
