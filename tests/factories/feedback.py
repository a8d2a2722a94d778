"""Suggestions made directly (sending, replying and publishing themselves are
tested through the services in tests/portal/feedback)."""

from django.utils import timezone

from portal.feedback.models import Status, Suggestion, Topic


def make_suggestion(
    author,
    *,
    session=None,
    topic=Topic.OTHER,
    subject="建議事項",
    body="建議內容",
    status=Status.NEW,
    reply="",
    replied_by=None,
    published=False,
    public_subject="",
    public_body="",
):
    now = timezone.now()
    return Suggestion.objects.create(
        author=author,
        session=session,
        topic=topic,
        subject=subject,
        body=body,
        status=status,
        reply=reply,
        replied_by=replied_by,
        replied_at=now if reply else None,
        published=published,
        public_subject=public_subject or (subject if published else ""),
        public_body=public_body or (body if published else ""),
        published_at=now if published else None,
    )
