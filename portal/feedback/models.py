"""Suggestions and replies (意見回應): a trainee writes to the institute about a
class they took or about its service; staff reply, and may publish a
question-and-answer on the public board in words they made safe to show.

The author's own words never leave the institute: the public board shows only
``public_subject``, ``public_body`` and the reply, and never a name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SUBJECT_MAX = 100
BODY_MAX = 2000
REPLY_MAX = 4000


class Topic(models.TextChoices):
    """What a suggestion is about (the board and the staff filter by it)."""

    CONTENT = "content", _("Course content and lecturers")
    VENUE = "venue", _("Venue and facilities")
    REGISTRATION = "registration", _("Registration and enrolment")
    WEBSITE = "website", _("This website")
    OTHER = "other", pgettext_lazy("suggestion topic", "Other")


class Status(models.TextChoices):
    # "New", "Closed", "Withdrawn" mean other things elsewhere: a context.
    NEW = "new", pgettext_lazy("suggestion", "New")
    IN_PROGRESS = "in_progress", _("Being looked into")
    ANSWERED = "answered", pgettext_lazy("suggestion", "Answered")
    CLOSED = "closed", pgettext_lazy("suggestion", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("suggestion", "Withdrawn")


# What the author may still withdraw: nothing staff have answered or closed.
WITHDRAWABLE = (Status.NEW, Status.IN_PROGRESS)


class Suggestion(models.Model):
    """One trainee's suggestion to the institute, with the institute's reply."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("Empty when the suggestion is about the institute's service."),
    )
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    body = models.TextField(_("suggestion"), max_length=BODY_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(
        pgettext_lazy("suggestion", "sent"), auto_now_add=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reply = models.TextField(_("reply"), max_length=REPLY_MAX, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    published = models.BooleanField(_("on the public board"), default=False)
    public_subject = models.CharField(
        _("public subject"), max_length=SUBJECT_MAX, blank=True
    )
    public_body = models.TextField(
        _("public question"), max_length=BODY_MAX, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [
            (
                "reply_suggestion",
                "Can reply to trainees' suggestions and publish them",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["published", "published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published=False)
                | (~models.Q(reply="") & ~models.Q(public_body="")),
                name="feedback_published_has_reply_and_public_text",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def withdrawable(self) -> bool:
        return self.status in WITHDRAWABLE

    @property
    def answered(self) -> bool:
        return bool(self.reply)


class Action(models.TextChoices):
    CREATED = "created", pgettext_lazy("suggestion event", "Sent")
    STATUS = "status", _("Status changed")
    REPLIED = "replied", _("Replied")
    REPLY_EDITED = "reply_edited", _("Reply edited")
    PUBLISHED = "published", _("Published on the board")
    UNPUBLISHED = "unpublished", _("Taken off the board")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")


class SuggestionEvent(models.Model):
    """What happened to a suggestion, when and by whom (staff see the history)."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    status = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"
