"""Questionnaire writes: build from a template, answer once and anonymously."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Lecturer
from portal.classday.services import is_organizer
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .models import Answer, Kind, Question, Questionnaire, Respondent, Response


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


def is_open(questionnaire, now=None) -> bool:
    now = now or timezone.now()
    return (
        not questionnaire.is_template
        and (questionnaire.opens_at is None or questionnaire.opens_at <= now)
        and (questionnaire.closes_at is None or now <= questionnaire.closes_at)
    )


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
                answers.append(Answer(question=question, text=raw[:2000]))
    return answers, errors


def response_submit(*, questionnaire: Questionnaire, user, data) -> Response:
    """Store one trainee's answers without their identity; once per trainee."""
    if not is_open(questionnaire):
        raise ValidationError(_("This questionnaire is not open."))
    if not Enrolment.objects.filter(
        session_id=questionnaire.session_id, user=user, status=EnrolmentStatus.SELECTED
    ).exists():
        raise PermissionDenied(_("Only the session's trainees answer."))
    answers, errors = _parse(questionnaire, data)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Respondent.objects.create(questionnaire=questionnaire, user=user)
            response = Response.objects.create(
                questionnaire=questionnaire, submitted_on=timezone.localdate()
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as exc:
        raise ValidationError(_("You have already answered. Thank you.")) from exc
    return response
