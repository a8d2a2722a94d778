"""Questionnaire results for organizers: rates, means and distributions, with
groups smaller than ``MIN_GROUP`` hidden per lecturer."""

from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.classday.services import is_organizer
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import Answer, Kind, Questionnaire, Respondent, Response
from .services import is_open, session_lecturers

MIN_GROUP = 5


def questionnaire_for_organizer(*, viewer, pk) -> Questionnaire:
    if not is_organizer(viewer):
        raise Http404
    return get_object_or_404(
        Questionnaire.objects.select_related("session__course"),
        pk=pk,
        is_template=False,
    )


def questionnaires_to_answer(*, user, session):
    answered = Respondent.objects.filter(user=user).values("questionnaire_id")
    return [
        q
        for q in Questionnaire.objects.filter(
            session=session, is_template=False
        ).exclude(pk__in=answered)
        if is_open(q)
    ]


def has_answered(*, questionnaire, user) -> bool:
    return Respondent.objects.filter(questionnaire=questionnaire, user=user).exists()


def _stats(values):
    counts = Counter(values)
    n = len(values)
    return {
        "n": n,
        "mean": round(sum(values) / n, 2) if n else None,
        "distribution": [counts.get(score, 0) for score in range(1, 6)],
    }


def results(*, questionnaire) -> dict:
    selected = Enrolment.objects.filter(
        session=questionnaire.session, status=EnrolmentStatus.SELECTED
    ).count()
    responses = questionnaire.responses.count()
    values = defaultdict(list)
    texts = defaultdict(list)
    for question_id, lecturer_id, value, text in Answer.objects.filter(
        response__questionnaire=questionnaire
    ).values_list("question_id", "lecturer_id", "value", "text"):
        if value is not None:
            values[(question_id, lecturer_id)].append(value)
        elif text:
            texts[question_id].append(text)
    lecturers = {
        lecturer.pk: lecturer for lecturer in session_lecturers(questionnaire.session)
    }
    questions = []
    for question in questionnaire.questions.all():
        item = {"question": question, "kind": question.kind}
        if question.kind == Kind.LIKERT:
            item.update(_stats(values[(question.pk, None)]))
        elif question.kind == Kind.LECTURER:
            item["lecturers"] = []
            for lecturer_id, lecturer in lecturers.items():
                stats = _stats(values[(question.pk, lecturer_id)])
                hidden = stats["n"] < MIN_GROUP
                item["lecturers"].append(
                    {
                        "lecturer": lecturer,
                        "hidden": hidden,
                        **({"n": stats["n"]} if hidden else stats),
                    }
                )
        elif question.kind == Kind.CHOICE:
            counts = Counter(texts[question.pk])
            item["n"] = sum(counts.values())
            item["choices"] = [(c, counts.get(c, 0)) for c in question.choice_list]
        else:
            item["texts"] = sorted(texts[question.pk])
        questions.append(item)
    return {
        "questionnaire": questionnaire,
        "selected": selected,
        "responses": responses,
        "rate": responses / selected if selected else 0,
        "questions": questions,
        "min_group": MIN_GROUP,
    }


def export_rows(*, questionnaire):
    """One row an anonymous response: its random key, date and answers."""
    lecturers = session_lecturers(questionnaire.session)
    columns = []
    for question in questionnaire.questions.all():
        if question.kind == Kind.LECTURER:
            columns += [(question, lecturer) for lecturer in lecturers]
        else:
            columns.append((question, None))
    headers = ["#", "date"] + [
        f"{q.text}（{lecturer.name}）" if lecturer else q.text
        for q, lecturer in columns
    ]
    answers = defaultdict(dict)
    for response_id, question_id, lecturer_id, value, text in Answer.objects.filter(
        response__questionnaire=questionnaire
    ).values_list("response_id", "question_id", "lecturer_id", "value", "text"):
        answers[response_id][(question_id, lecturer_id)] = (
            value if value is not None else text
        )
    rows = []
    for number, (response_id, day) in enumerate(
        Response.objects.filter(questionnaire=questionnaire)
        .order_by("submitted_on", "id")
        .values_list("id", "submitted_on"),
        start=1,
    ):
        got = answers[response_id]
        rows.append(
            [number, day]
            + [
                got.get((q.pk, lecturer.pk if lecturer else None), "")
                for q, lecturer in columns
            ]
        )
    return headers, rows


def session_questionnaires(*, session):
    return Questionnaire.objects.filter(session=session, is_template=False).annotate(
        answered=Count("responses", distinct=True)
    )


def templates():
    return Questionnaire.objects.filter(is_template=True).annotate(
        n=Count("questions", filter=Q(questions__isnull=False))
    )
