"""Writes on suggestions: a trainee sends one (a few an hour at most) and may
withdraw it until staff answer; staff move it along, reply (the author is
e-mailed at the first reply) and publish a version safe to show on the board."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts import access
from portal.accounts.names import display_name
from portal.accounts.selectors import person_of
from portal.notifications.services import email_queue

from . import selectors
from .models import (
    BODY_MAX,
    REPLY_MAX,
    SUBJECT_MAX,
    WITHDRAWABLE,
    Action,
    Status,
    Suggestion,
    SuggestionEvent,
    Topic,
)

# Status changes staff make by hand; a reply answers, the author withdraws.
TRANSITIONS = {
    Status.NEW: {Status.IN_PROGRESS, Status.CLOSED},
    Status.IN_PROGRESS: {Status.CLOSED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
    Status.WITHDRAWN: set(),
}


def hourly_limit() -> int:
    """How many suggestions one person may send in an hour (against spam)."""
    return int(getattr(settings, "FEEDBACK_SUGGESTIONS_PER_HOUR", 3))


def _text(value, *, field: str, max_length: int, required) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(required, code="required")})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: ValidationError(
                    _("At most %(max)s characters, please (now %(length)s)."),
                    code="max_length",
                    params={"max": max_length, "length": len(text)},
                )
            }
        )
    return text


def _event(suggestion: Suggestion, action: str, actor) -> None:
    SuggestionEvent.objects.create(
        suggestion=suggestion, action=action, status=suggestion.status, actor=actor
    )


def _require_handler(actor) -> None:
    if not access.can_handle_suggestions(actor):
        raise ValidationError(
            _("Only the institute's staff in charge answer suggestions."),
            code="not_handler",
        )


def _locked(suggestion: Suggestion) -> Suggestion:
    # Only this row: the session and the author stay free.
    return Suggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)


def suggestion_create(
    *, author, subject: str, body: str, topic: str = Topic.OTHER, session=None
) -> Suggestion:
    """A signed-in person sends a suggestion about one of their sessions or
    about the service; refused past the hourly limit."""
    if not getattr(author, "is_authenticated", False):
        raise ValidationError(_("Sign in to send a suggestion."), code="anonymous")
    errors = {}
    cleaned = {}
    for field, value, max_length, required in (
        ("subject", subject, SUBJECT_MAX, _("Give your suggestion a subject.")),
        ("body", body, BODY_MAX, _("Write your suggestion.")),
    ):
        try:
            cleaned[field] = _text(
                value, field=field, max_length=max_length, required=required
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if topic not in Topic.values:
        errors["topic"] = [
            ValidationError(_("Choose what it is about."), code="invalid_choice")
        ]
    if (
        session is not None
        and not selectors.suggestable_sessions(viewer=author)
        .filter(pk=session.pk)
        .exists()
    ):
        errors["session"] = [
            ValidationError(
                _("Choose one of the sessions you attend or attended."),
                code="not_your_session",
            )
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One author's sends queue here, so the count below cannot be raced.
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        since = timezone.now() - datetime.timedelta(hours=1)
        if selectors.recent_count(author=author, since=since) >= hourly_limit():
            raise ValidationError(
                _(
                    "You have sent %(limit)s suggestions in the last hour. Please "
                    "try again later."
                ),
                code="too_many_suggestions",
                params={"limit": hourly_limit()},
            )
        suggestion = Suggestion.objects.create(
            author=author,
            session=session,
            topic=topic,
            subject=cleaned["subject"],
            body=cleaned["body"],
        )
        _event(suggestion, Action.CREATED, author)
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, actor) -> Suggestion:
    """The author takes back a suggestion staff have not answered yet."""
    if actor is None or suggestion.author_id != actor.pk:
        raise ValidationError(
            _("Only the author may withdraw a suggestion."), code="not_author"
        )
    locked = _locked(suggestion)
    if locked.status not in WITHDRAWABLE:
        raise ValidationError(
            _("A suggestion that was answered or closed cannot be withdrawn."),
            code="not_withdrawable",
        )
    locked.status = Status.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, Action.WITHDRAWN, actor)
    return locked


@transaction.atomic
def suggestion_status_set(*, suggestion: Suggestion, actor, status: str) -> Suggestion:
    """Staff mark a suggestion as being looked into, close it or reopen it."""
    _require_handler(actor)
    locked = _locked(suggestion)
    if status == locked.status:
        return locked
    if status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A suggestion that is “%(current)s” cannot become “%(new)s”."),
                    code="invalid_transition",
                    params={
                        "current": locked.get_status_display(),
                        "new": Status(status).label
                        if status in Status.values
                        else status,
                    },
                )
            }
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, Action.STATUS, actor)
    return locked


def _tell_author(suggestion: Suggestion) -> None:
    author = suggestion.author
    person = person_of(author)
    email_queue(
        key="suggestion_replied",
        to=[(person.email if person else "") or author.email],
        context={
            "trainee_name": display_name(author),
            "subject": suggestion.subject,
            "reply": suggestion.reply,
            "suggestion_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("feedback:mine"),
        },
    )


@transaction.atomic
def suggestion_reply(*, suggestion: Suggestion, actor, reply: str) -> Suggestion:
    """Staff answer a suggestion (or correct their answer). The first reply
    marks it answered and e-mails the author; a correction e-mails nobody."""
    _require_handler(actor)
    text = _text(
        reply, field="reply", max_length=REPLY_MAX, required=_("Write the reply.")
    )
    locked = _locked(suggestion)
    if locked.status == Status.WITHDRAWN:
        raise ValidationError(
            _("The author withdrew this suggestion."), code="withdrawn"
        )
    first = not locked.reply
    if first and locked.status == Status.CLOSED:
        raise ValidationError(
            _("This suggestion is closed: reopen it before you reply."),
            code="closed",
        )
    locked.reply = text
    locked.replied_by = actor
    locked.replied_at = timezone.now()
    if locked.status in (Status.NEW, Status.IN_PROGRESS):
        locked.status = Status.ANSWERED
    locked.save(
        update_fields=["reply", "replied_by", "replied_at", "status", "updated_at"]
    )
    _event(locked, Action.REPLIED if first else Action.REPLY_EDITED, actor)
    if first:
        _tell_author(locked)
    return locked


@transaction.atomic
def suggestion_publish(
    *, suggestion: Suggestion, actor, public_subject: str, public_body: str
) -> Suggestion:
    """Show a suggestion on the public board in words staff made safe to show
    (no names or personal details), with its reply; or change those words."""
    _require_handler(actor)
    errors = {}
    cleaned = {}
    for field, value, max_length, required in (
        (
            "public_subject",
            public_subject,
            SUBJECT_MAX,
            _("Write the subject to show on the board."),
        ),
        (
            "public_body",
            public_body,
            BODY_MAX,
            _("Write the question to show on the board."),
        ),
    ):
        try:
            cleaned[field] = _text(
                value, field=field, max_length=max_length, required=required
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    locked = _locked(suggestion)
    if locked.status == Status.WITHDRAWN:
        raise ValidationError(
            _("The author withdrew this suggestion."), code="withdrawn"
        )
    if not locked.reply:
        raise ValidationError(
            _("Reply before you publish: the board shows questions with answers."),
            code="no_reply",
        )
    locked.public_subject = cleaned["public_subject"]
    locked.public_body = cleaned["public_body"]
    if not locked.published:
        locked.published = True
        locked.published_at = timezone.now()
    locked.save(
        update_fields=[
            "public_subject",
            "public_body",
            "published",
            "published_at",
            "updated_at",
        ]
    )
    _event(locked, Action.PUBLISHED, actor)
    return locked


@transaction.atomic
def suggestion_unpublish(*, suggestion: Suggestion, actor) -> Suggestion:
    """Take a suggestion off the public board (its public words are kept)."""
    _require_handler(actor)
    locked = _locked(suggestion)
    if not locked.published:
        return locked
    locked.published = False
    locked.published_at = None
    locked.save(update_fields=["published", "published_at", "updated_at"])
    _event(locked, Action.UNPUBLISHED, actor)
    return locked
