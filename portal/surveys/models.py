"""Questionnaires after class (課後問卷). Answers are stored apart from who gave
them: ``Respondent`` only marks that a trainee answered, and the answers wait,
sealed, in a pool (``PendingResponse``) until a release moves a shuffled batch of
them into ``Response`` rows in a transaction of its own. Every row has a random
key and at most a date, so neither the transaction, nor insertion order, nor time
links an answer to the person who gave it (see ``services.responses_release``)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable


class Questionnaire(ClusterableModel):
    """A questionnaire for a session, or a template to build them from."""

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    is_template = models.BooleanField(
        _("template"),
        default=False,
        help_text=_("Templates are copied into sessions' questionnaires."),
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("introduction"),
        FieldPanel("is_template"),
        FieldPanel("session"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        InlinePanel("questions", heading=_("Questions"), label=_("question")),
    ]

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-is_template", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.is_template and self.session_id:
            raise ValidationError({"session": _("A template belongs to no session.")})
        if not self.is_template and not self.session_id:
            raise ValidationError(
                {"session": _("Choose the session, or make this a template.")}
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("It must close after it opens.")})


class Kind(models.TextChoices):
    LIKERT = "likert", _("Scale of 1 (disagree) to 5 (agree)")
    CHOICE = "choice", _("One of several choices")
    TEXT = "text", _("Free text")
    LECTURER = "lecturer", _("Rating of each lecturer, 1 to 5")


LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neutral"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


# Free text is the one answer that can give its writer away, however it is stored.
FREE_TEXT_WARNING = _(
    "What you write here is stored without your name, but your words themselves "
    "may identify you."
)
FREE_TEXT_NOTE = _(
    "Free-text answers may identify the person who wrote them: read them with "
    "care and do not pass them on."
)


class Question(Orderable):
    questionnaire = ParentalKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    choices = models.TextField(
        _("choices, one per line"), blank=True, help_text=_("For choice questions.")
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
    ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.kind == Kind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Give at least two choices.")})

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Respondent(models.Model):
    """Marks that a trainee answered; says nothing of what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="respondents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"], name="surveys_one_answer_a_trainee"
            )
        ]

    def __str__(self):
        return str(self.pk)


class PendingResponse(models.Model):
    """A set of answers waiting in the pool to be released into the results.

    It is written with the ``Respondent`` mark, in the same transaction, so while
    it waits the database could link the two: that is why it holds no readable
    answer (``sealed`` is encrypted with a key derived from the secret key), no
    date of its own and no link to the respondent, and why a release deletes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="pending"
    )
    sealed = models.BinaryField()

    def __str__(self):
        return str(self.pk)


class Response(models.Model):
    """One anonymous set of answers, released from the pool in a shuffled batch."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_on = models.DateField(_("date"))

    def __str__(self):
        return str(self.pk)


class Answer(models.Model):
    """One answer of a released response. Its sequential id is given at release,
    in a shuffled order, so it tells no more than the batch."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    lecturer = models.ForeignKey(
        "catalog.Lecturer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "lecturer"])]

    def __str__(self):
        return f"{self.question_id}: {self.value or self.text[:20]}"
