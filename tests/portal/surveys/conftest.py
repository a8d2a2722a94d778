import pytest

from cms.catalog.models import Lecturer
from portal.enrolment import services as enrolment_services
from portal.surveys import services
from portal.surveys.models import Kind, Question, Questionnaire
from tests.factories.people import make_person
from tests.portal.classday.conftest import make_classday


def make_survey(catalog, **classday):
    """A class day whose timetable names two lecturers, and a questionnaire
    (scale, lecturer rating, choice, free text) copied from a template."""
    day = make_classday(catalog, **classday)
    lecturers = [
        Lecturer.objects.create(name="陳講座", title="教授"),
        Lecturer.objects.create(name="林講座", title="科長"),
    ]
    for entry, lecturer in zip(day["session"].timetable.all(), lecturers, strict=False):
        entry.lecturer = lecturer
        entry.save()
    entry = day["session"].timetable.first()
    entry.pk = None
    entry.lecturer = lecturers[1]
    entry.sort_order = 1
    entry.save()
    template = Questionnaire(title="課後滿意度調查", is_template=True)
    template.questions = [
        Question(text="課程內容符合需要", kind=Kind.LIKERT),
        Question(text="講座教學表現", kind=Kind.LECTURER),
        Question(text="課程時數", kind=Kind.CHOICE, choices="太短\n適中\n太長"),
        Question(text="其他建議", kind=Kind.TEXT, required=False),
    ]
    template.save()
    questionnaire = services.questionnaire_from_template(
        template=template, session=day["session"], actor=day["organizer"]
    )
    return {**day, "lecturers": lecturers, "questionnaire": questionnaire}


def answers(survey, score=4, text="", lecturer_scores=None, choice="適中"):
    """Form data answering every question of the survey's questionnaire."""
    q = {
        question.kind: question for question in survey["questionnaire"].questions.all()
    }
    data = {
        f"q{q[Kind.LIKERT].pk}": str(score),
        f"q{q[Kind.CHOICE].pk}": choice,
        f"q{q[Kind.TEXT].pk}": text,
    }
    for lecturer in survey["lecturers"]:
        scores = lecturer_scores or {}
        data[f"q{q[Kind.LECTURER].pk}-l{lecturer.pk}"] = str(
            scores.get(lecturer.pk, score)
        )
    return data


def add_trainees(survey, count, prefix="t"):
    """More selected trainees of the survey's session; their users."""
    session = survey["session"]
    session.capacity = max(session.capacity, session.enrolments.count() + count)
    session.save(update_fields=["capacity"])
    users = []
    for i in range(count):
        person = make_person(f"{prefix}{i}", survey["agencies"]["edu"])
        enrolment_services.enrolment_register(
            session=survey["session"], trainee=person.user
        )
        users.append(person.user)
    return users


@pytest.fixture
def survey(catalog):
    return make_survey(catalog)
