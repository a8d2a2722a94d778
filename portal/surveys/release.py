"""The release of pending answers into the results (see ``services`` for why
answers wait, sealed, in a pool): the work of the release task and of the
periodic sweep, which services and the admin also call."""

import logging
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms.catalog.models import Lecturer

from . import sealing
from .models import Answer, PendingResponse, Question, Questionnaire, Response
from .selectors import is_closed

logger = logging.getLogger(__name__)


class PoolChanged(Exception):
    """Another release took some of the same pending answers; retried later."""


_random = random.SystemRandom()


def pool_keep() -> int:
    """How many pending answers an open questionnaire's pool keeps back."""
    return max(1, int(getattr(settings, "SURVEYS_POOL_KEEP", 10)))


def responses_release(*, questionnaire: Questionnaire, everything=False) -> int:
    """Move pending answers into the results: all of them once the questionnaire
    has closed (or with ``everything``), otherwise a random part of the pool
    when it holds enough. Returns how many were released."""
    keep = pool_keep()
    with transaction.atomic():
        # Serializes releases of one questionnaire (PostgreSQL; SQLite has one
        # writer anyway): two workers must not release the same answers.
        questionnaire = Questionnaire.objects.select_for_update().get(
            pk=questionnaire.pk
        )
        pool = list(
            PendingResponse.objects.filter(questionnaire=questionnaire).values_list(
                "pk", "sealed"
            )
        )
        if everything or is_closed(questionnaire):
            chosen = pool
        elif len(pool) >= 2 * keep:
            chosen = _random.sample(pool, len(pool) - keep)
        else:
            return 0
        responses, answers, released = [], [], []
        context = sealing.context_of(questionnaire.pk)
        # The day of the release, not of each answer: a date shared by the whole
        # batch tells nothing the batch does not (an answer's own date would
        # single out whoever answered alone on a day).
        today = timezone.localdate()
        for pk, sealed in chosen:
            payload = sealing.unseal(sealed, context=context)
            if payload is None:
                # Not readable under any current or fallback secret key: left in
                # the pool (and counted as pending) rather than destroyed.
                logger.error("A pending answer of questionnaire %s cannot be unsealed",
                             questionnaire.pk)  # fmt: skip
                continue
            response = Response(
                questionnaire=questionnaire,
                submitted_on=today,
            )
            responses.append(response)
            released.append(pk)
            answers += [
                Answer(
                    response=response,
                    question_id=question_id,
                    lecturer_id=lecturer_id,
                    value=value,
                    text=text,
                )
                for question_id, lecturer_id, value, text in payload["answers"]
            ]
        if not released:
            return 0
        deleted, _counts = PendingResponse.objects.filter(pk__in=released).delete()
        if deleted != len(released):  # released meanwhile by another worker
            raise PoolChanged(questionnaire.pk)
        _random.shuffle(responses)
        _random.shuffle(answers)
        Response.objects.bulk_create(responses)
        _drop_orphans(answers)
        Answer.objects.bulk_create(answers)
    return len(released)


def _drop_orphans(answers):
    """Drops answers whose question or lecturer was deleted while they waited."""
    question_ids = set(
        Question.objects.filter(pk__in={a.question_id for a in answers}).values_list(
            "pk", flat=True
        )
    )
    lecturer_ids = set(
        Lecturer.objects.filter(
            pk__in={a.lecturer_id for a in answers if a.lecturer_id}
        ).values_list("pk", flat=True)
    )
    answers[:] = [
        a
        for a in answers
        if a.question_id in question_ids
        and (a.lecturer_id is None or a.lecturer_id in lecturer_ids)
    ]
