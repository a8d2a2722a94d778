"""Questionnaire results for organizers: rates, means and distributions of the
released answers (pending ones are only counted), with every breakdown of fewer
than ``MIN_GROUP`` answers hidden. The results page, the API and the Excel export
all read ``results`` or ``export_rows``, which both apply ``small_group``."""

from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Lecturer
from portal.accounts.access import is_organizer
from portal.classday.selectors import my_enrolment
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import (
    FREE_TEXT_NOTE,
    Answer,
    Kind,
    PendingResponse,
    Questionnaire,
    Respondent,
    Response,
)

MIN_GROUP = 5


def session_lecturers(session):
    """The lecturers of a session's timetable, in order of appearance."""
    ids = []
    for lecturer_id in session.timetable.order_by("date", "start_time").values_list(
        "lecturer_id", flat=True
    ):
        if lecturer_id and lecturer_id not in ids:
            ids.append(lecturer_id)
    by_id = Lecturer.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def is_closed(questionnaire, now=None) -> bool:
    now = now or timezone.now()
    return questionnaire.closes_at is not None and questionnaire.closes_at < now


def is_open(questionnaire, now=None) -> bool:
    now = now or timezone.now()
    return (
        not questionnaire.is_template
        and (questionnaire.opens_at is None or questionnaire.opens_at <= now)
        and (questionnaire.closes_at is None or now <= questionnaire.closes_at)
    )


def questionnaire_for_organizer(*, viewer, pk) -> Questionnaire:
    if not is_organizer(viewer):
        raise Http404
    return get_object_or_404(
        Questionnaire.objects.select_related("session__course"),
        pk=pk,
        is_template=False,
    )


def questionnaire_get(*, viewer, pk) -> Questionnaire:
    """A questionnaire of a session the viewer is a selected trainee of; 404
    for anyone else (the trainee's questionnaire, to read and to answer)."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("session__course"),
        pk=pk,
        is_template=False,
    )
    my_enrolment(user=viewer, session_id=questionnaire.session_id)
    return questionnaire


def template_get(*, pk) -> Questionnaire:
    """A questionnaire template (to copy for a session); 404 otherwise."""
    return get_object_or_404(Questionnaire, pk=pk, is_template=True)


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


def small_group(n: int) -> bool:
    """The small-group rule: a breakdown of fewer than ``MIN_GROUP`` answers is
    not shown anywhere, so that no one's answer can be recognised in it."""
    return n < MIN_GROUP


def _stats(values):
    counts = Counter(values)
    n = len(values)
    if small_group(n):
        return {"n": n, "hidden": True}
    return {
        "n": n,
        "hidden": False,
        "mean": round(sum(values) / n, 2),
        "distribution": [counts.get(score, 0) for score in range(1, 6)],
    }


def _counts(questionnaire):
    selected = Enrolment.objects.filter(
        session=questionnaire.session, status=EnrolmentStatus.SELECTED
    ).count()
    answered = Respondent.objects.filter(questionnaire=questionnaire).count()
    return {
        "selected": selected,
        "answered": answered,
        "rate": answered / selected if selected else 0,
        "responses": Response.objects.filter(questionnaire=questionnaire).count(),
        "pending": PendingResponse.objects.filter(questionnaire=questionnaire).count(),
        "min_group": MIN_GROUP,
        "free_text_note": FREE_TEXT_NOTE,
    }


def results(*, questionnaire) -> dict:
    """Rates and, over the released answers, each question's figures; pending
    answers are counted, not shown."""
    values = defaultdict(list)
    texts = defaultdict(list)
    for question_id, lecturer_id, value, text in Answer.objects.filter(
        response__questionnaire=questionnaire
    ).values_list("question_id", "lecturer_id", "value", "text"):
        if value is not None:
            values[(question_id, lecturer_id)].append(value)
        elif text:
            texts[question_id].append(text)
    lecturers = session_lecturers(questionnaire.session)
    questions = []
    for question in questionnaire.questions.all():
        item = {"question": question, "kind": question.kind}
        if question.kind == Kind.LIKERT:
            item.update(_stats(values[(question.pk, None)]))
        elif question.kind == Kind.LECTURER:
            item["lecturers"] = [
                {"lecturer": lecturer, **_stats(values[(question.pk, lecturer.pk)])}
                for lecturer in lecturers
            ]
        elif question.kind == Kind.CHOICE:
            counts = Counter(texts[question.pk])
            item["n"] = sum(counts.values())
            item["hidden"] = small_group(item["n"])
            if not item["hidden"]:
                item["choices"] = [(c, counts.get(c, 0)) for c in question.choice_list]
        else:
            item["n"] = len(texts[question.pk])
            item["texts"] = sorted(texts[question.pk])
            item["note"] = FREE_TEXT_NOTE
        questions.append(item)
    return {"questionnaire": questionnaire, **_counts(questionnaire),
            "questions": questions}  # fmt: skip


def export_rows(*, questionnaire) -> dict:
    """One row an anonymous released response (a running number, its date and
    answers), under the same small-group rule as the results: no rows at all
    under ``MIN_GROUP`` responses, and an empty column wherever a question (or
    a lecturer of it) has fewer answers. Headers and notes say what is hidden."""
    counts = _counts(questionnaire)
    lecturers = session_lecturers(questionnaire.session)
    columns = []
    for question in questionnaire.questions.all():
        if question.kind == Kind.LECTURER:
            columns += [(question, lecturer) for lecturer in lecturers]
        else:
            columns.append((question, None))
    answers = defaultdict(dict)
    sizes = Counter()
    for response_id, question_id, lecturer_id, value, text in Answer.objects.filter(
        response__questionnaire=questionnaire
    ).values_list("response_id", "question_id", "lecturer_id", "value", "text"):
        got = value if value is not None else text
        if got not in (None, ""):
            answers[response_id][(question_id, lecturer_id)] = got
            sizes[(question_id, lecturer_id)] += 1
    hidden_label = _("hidden: fewer than %(n)s answers") % {"n": MIN_GROUP}
    free_text_label = _("free text: may identify its writer")
    shown, headers = [], [_("Response"), _("Date")]
    for question, lecturer in columns:
        key = (question.pk, lecturer.pk if lecturer else None)
        title = f"{question.text}（{lecturer.name}）" if lecturer else question.text
        if question.kind == Kind.TEXT:
            shown.append(True)
            headers.append(f"{title}（{free_text_label}）")
        elif small_group(sizes[key]):
            shown.append(False)
            headers.append(f"{title}（{hidden_label}）")
        else:
            shown.append(True)
            headers.append(title)
    rows = []
    if not small_group(counts["responses"]):
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
                    if show
                    else ""
                    for (q, lecturer), show in zip(columns, shown, strict=True)
                ]
            )
    notes = [
        _("%(n)s answers released, %(p)s pending release (counted, not shown).")
        % {"n": counts["responses"], "p": counts["pending"]},
        _("Figures of fewer than %(n)s answers are not shown, so that no one can "
          "be recognised; under %(n)s responses no row is.") % {"n": MIN_GROUP},
        str(FREE_TEXT_NOTE),
    ]  # fmt: skip
    return {"headers": headers, "rows": rows, "notes": notes}


def session_questionnaires(*, session):
    return Questionnaire.objects.filter(session=session, is_template=False).annotate(
        answered=Count("respondents", distinct=True)
    )


def templates():
    return Questionnaire.objects.filter(is_template=True).annotate(
        n=Count("questions", filter=Q(questions__isnull=False))
    )
