"""Questionnaire writes: build from a template, answer once and anonymously,
release the pool of pending answers, close.

Unlinkability. Answering writes two rows in one transaction: the ``Respondent``
mark and a sealed ``PendingResponse`` (random key, no date of its own, no link
to the mark). A release later moves a batch of pending answers into ``Response``
and ``Answer`` rows in a transaction of its own, in a shuffled order, under new
random keys, and deletes their pool rows. So every released row of a batch
shares one transaction id (PostgreSQL ``xmin``) that no respondent has, and the
insertion order (SQLite ``rowid``, PostgreSQL ``ctid``, the ``Answer`` id
sequence) is random within the batch. While the questionnaire is open a release
only happens when the pool holds at least ``2 * keep`` answers, and keeps ``keep``
of them, chosen at random, back for the next one; closing releases the rest. So
no batch is smaller than ``keep`` unless fewer people answered in all. Released
rows carry the day of their release, shared by the batch, not of the answer.

The residual window: while an answer waits in the pool its row shares the
respondent's transaction (and, roughly, its place in insertion order), so the
database links the pool row to the person. What it holds is sealed (AES-GCM
under a key derived from SECRET_KEY, padded to one length per questionnaire):
the database alone, a dump or a backup, or a deleted row not yet vacuumed,
tells nothing of what was answered; someone holding both the database and the
secret key could read a pending answer with its respondent until it is released.
The released rows are linked only to their batch, whatever one holds.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.access import is_organizer
from portal.enrolment.models import Enrolment, EnrolmentStatus

from . import sealing
from .models import Answer, Kind, PendingResponse, Question, Questionnaire, Respondent
from .release import PoolChanged, pool_keep, responses_release
from .selectors import is_closed, is_open, session_lecturers
from .tasks import responses_release_task

logger = logging.getLogger(__name__)


MAX_TEXT = 2000  # characters of a free-text answer


def questionnaire_from_template(
    *, template, session, actor, opens_at=None, closes_at=None
):
    """A session's questionnaire, copied from a template."""
    if not is_organizer(actor):
        raise PermissionDenied(_("Only the session's organizers may do this."))
    if not template.is_template:
        raise ValidationError(_("Choose a template."))
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            title=template.title,
            introduction=template.introduction,
            session=session,
            opens_at=opens_at or timezone.now(),
            closes_at=closes_at,
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                text=q.text,
                kind=q.kind,
                choices=q.choices,
                required=q.required,
                sort_order=q.sort_order,
            )  # fmt: skip
            for q in template.questions.all()
        )
    return questionnaire


def _parse(questionnaire, data):
    """Validated answers from form data: {name: value} with names q<id> or
    q<id>-l<lecturer id>. Returns (answers, errors)."""
    lecturers = session_lecturers(questionnaire.session)
    answers, errors = [], {}
    for question in questionnaire.questions.all():
        keys = (
            [(f"q{question.pk}-l{lecturer.pk}", lecturer) for lecturer in lecturers]
            if question.kind == Kind.LECTURER
            else [(f"q{question.pk}", None)]
        )
        for key, lecturer in keys:
            raw = (data.get(key) or "").strip()
            if not raw:
                if question.required:
                    errors[key] = _("Please answer this question.")
                continue
            if question.kind in (Kind.LIKERT, Kind.LECTURER):
                if raw not in {"1", "2", "3", "4", "5"}:
                    errors[key] = _("Choose 1 to 5.")
                    continue
                answers.append(
                    Answer(question=question, lecturer=lecturer, value=int(raw))
                )
            elif question.kind == Kind.CHOICE:
                if raw not in question.choice_list:
                    errors[key] = _("Choose one of the choices.")
                    continue
                answers.append(Answer(question=question, text=raw))
            else:
                answers.append(Answer(question=question, text=raw[:MAX_TEXT]))
    return answers, errors


def response_submit(*, questionnaire: Questionnaire, user, data) -> None:
    """Mark the trainee as having answered and put the answers, sealed, into the
    pool; once per trainee. The answers reach the results when released."""
    if not is_open(questionnaire):
        raise ValidationError(_("This questionnaire is not open."), code="closed")
    if not Enrolment.objects.filter(
        session_id=questionnaire.session_id, user=user, status=EnrolmentStatus.SELECTED
    ).exists():
        raise PermissionDenied(_("Only the session's trainees answer."))
    answers, errors = _parse(questionnaire, data)
    if errors:
        raise ValidationError(errors)
    payload = {
        "answers": [[a.question_id, a.lecturer_id, a.value, a.text] for a in answers]
    }
    try:
        with transaction.atomic():
            Respondent.objects.create(questionnaire=questionnaire, user=user)
            PendingResponse.objects.create(
                questionnaire=questionnaire,
                sealed=sealing.seal(
                    payload,
                    context=sealing.context_of(questionnaire.pk),
                    size=_sealed_size(questionnaire),
                ),
            )
            # A task only when a release is due: a task row for every answer
            # would be a timestamped log of who answered when.
            if _release_due(questionnaire):
                transaction.on_commit(
                    lambda: _enqueue_release(questionnaire.pk), robust=True
                )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already answered. Thank you."), code="already_answered"
        ) from exc


def _sealed_size(questionnaire) -> int:
    """The size every pending answer of a questionnaire is padded to before
    sealing, so that the ciphertext's length does not tell a long free text
    from a short one: room for the longest answer to every question (a JSON
    escape takes at most 6 bytes a character)."""
    size = 64
    for question in questionnaire.questions.all():
        if question.kind == Kind.TEXT:
            size += 64 + 6 * MAX_TEXT
        elif question.kind == Kind.CHOICE:
            size += 64 + 6 * max((len(c) for c in question.choice_list), default=0)
        elif question.kind == Kind.LECTURER:
            size += 64 * len(session_lecturers(questionnaire.session))
        else:
            size += 64
    return size


def _release_due(questionnaire) -> bool:
    pending = PendingResponse.objects.filter(questionnaire=questionnaire).count()
    return pending >= 2 * pool_keep() or (pending and is_closed(questionnaire))


def _enqueue_release(questionnaire_id):
    responses_release_task.enqueue(questionnaire_id)


def responses_release_due() -> int:
    """Release every questionnaire's pool that is due (closed, or large enough);
    the sweeper behind the periodic command and the worker."""
    keep = pool_keep()
    released = 0
    now = timezone.now()
    for questionnaire in Questionnaire.objects.filter(pending__isnull=False).distinct():
        pending = questionnaire.pending.count()
        if is_closed(questionnaire, now) or pending >= 2 * keep:
            try:
                released += responses_release(questionnaire=questionnaire)
            except PoolChanged:  # another worker released them meanwhile
                logger.info("Release of questionnaire %s raced", questionnaire.pk)
    return released


def questionnaire_close(*, questionnaire: Questionnaire, actor) -> int:
    """Close a questionnaire now and release every pending answer."""
    if not is_organizer(actor):
        raise PermissionDenied(_("Only the session's organizers may do this."))
    now = timezone.now()
    if questionnaire.closes_at is None or questionnaire.closes_at > now:
        questionnaire.closes_at = now
        if questionnaire.opens_at and questionnaire.opens_at >= now:
            questionnaire.opens_at = now - datetime.timedelta(seconds=1)
        questionnaire.save(update_fields=["opens_at", "closes_at"])
    return responses_release(questionnaire=questionnaire, everything=True)
