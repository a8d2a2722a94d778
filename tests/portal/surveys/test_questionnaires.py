import io

import openpyxl
import pytest
from django.urls import reverse

from cms.catalog.models import Lecturer
from portal.enrolment import services as enrolment_services
from portal.surveys import selectors, services
from portal.surveys.models import Answer, Kind, Question, Questionnaire, Respondent
from tests.factories.people import make_person
from tests.factories.users import PASSWORD
from tests.portal.classday.conftest import make_classday

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(catalog):
    day = make_classday(catalog)
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


def _answers(survey, score=4, text=""):
    q = {
        question.kind: question for question in survey["questionnaire"].questions.all()
    }
    data = {
        f"q{q[Kind.LIKERT].pk}": str(score),
        f"q{q[Kind.CHOICE].pk}": "適中",
        f"q{q[Kind.TEXT].pk}": text,
    }
    for lecturer in survey["lecturers"]:
        data[f"q{q[Kind.LECTURER].pk}-l{lecturer.pk}"] = str(score)
    return data


def test_a_trainee_answers_once_and_the_answers_carry_no_identity(client, survey):
    user = survey["alice"].user
    assert client.login(username=user.username, password=PASSWORD)
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _answers(survey, text="希望增加實作"))
    assert response.status_code == 302
    assert Respondent.objects.filter(user=user).count() == 1
    stored = survey["questionnaire"].responses.get()
    field_names = {f.name for f in type(stored)._meta.get_fields()}
    assert not field_names & {"user", "enrolment", "person", "created_at"}
    assert Answer.objects.filter(response=stored).count() == 5  # 2 lecturers
    again = client.get(url)
    assert "已經填答" in again.content.decode()
    with pytest.raises(services.ValidationError):
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=_answers(survey)
        )


def test_missing_answers_come_back_with_what_was_chosen(client, survey):
    assert client.login(username="alice", password=PASSWORD)
    data = _answers(survey)
    likert = next(k for k in data if k.count("-") == 0 and data[k] == "4")
    del data[likert]
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "請回答" in html and 'value="適中" checked' in html
    assert not Respondent.objects.exists()


def test_only_the_sessions_trainees_answer(client, survey):
    assert client.login(username="outsider", password=PASSWORD)
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    assert client.get(url).status_code == 404


def test_per_lecturer_results_need_five_answers(client, survey):
    session = survey["session"]
    for i in range(4):
        person = make_person(f"t{i}", survey["agencies"]["edu"])
        enrolment_services.enrolment_register(session=session, trainee=person.user)
    answerers = [survey["alice"].user, survey["bob"].user] + [
        e.user for e in session.enrolments.filter(user__username__startswith="t")
    ]
    for user in answerers[:4]:
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=_answers(survey, 5)
        )
    data = selectors.results(questionnaire=survey["questionnaire"])
    lecturer_item = next(q for q in data["questions"] if q["kind"] == Kind.LECTURER)
    assert all(row["hidden"] for row in lecturer_item["lecturers"])
    assert "mean" not in lecturer_item["lecturers"][0]
    likert = next(q for q in data["questions"] if q["kind"] == Kind.LIKERT)
    assert likert["n"] == 4 and likert["mean"] == 5
    services.response_submit(
        questionnaire=survey["questionnaire"],
        user=answerers[4],
        data=_answers(survey, 3),
    )
    data = selectors.results(questionnaire=survey["questionnaire"])
    lecturer_item = next(q for q in data["questions"] if q["kind"] == Kind.LECTURER)
    row = lecturer_item["lecturers"][0]
    assert not row["hidden"] and row["n"] == 5 and row["mean"] == 4.6
    assert row["distribution"] == [0, 0, 1, 0, 4]
    assert data["responses"] == 5 and data["selected"] == 6
    assert client.login(username="organizer", password=PASSWORD)
    page = client.get(
        reverse("questionnaire_results", args=[survey["questionnaire"].pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    # The scale, both lecturers (five answers each now) and the choice question.
    assert html.count("<figure><svg") == 4
    assert "kozea.github.io" not in html  # no chart scripts from a CDN


def test_the_export_holds_no_identity(client, survey):
    users = [survey["alice"].user, survey["bob"].user]
    for user in users:
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=_answers(survey)
        )
    assert client.login(username="organizer", password=PASSWORD)
    export = client.get(
        reverse("questionnaire_export", args=[survey["questionnaire"].pk])
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 3
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for person in (survey["alice"], survey["bob"]):
        for value in (
            person.user.username,
            person.name,
            person.email,
            person.national_id_masked,
            person.employee_number,
        ):
            if value:
                assert value not in text.split()
    assert [row[0] for row in rows[1:]] == [1, 2]  # a running number, not a key


def test_answer_through_the_api(survey):
    from rest_framework.test import APIClient
    from wagtail.models import APIToken

    api = APIClient()
    _token, plaintext = APIToken.create_token(user=survey["alice"].user, name="t")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    url = f"/api/v1/questionnaires/{survey['questionnaire'].pk}/"
    data = api.get(url).json()
    assert data["open"] and not data["answered"] and len(data["answer_keys"]) == 5
    missing = api.post(url, {"answers": {}}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) >= {data["answer_keys"][0]}
    done = api.post(url, {"answers": _answers(survey)}, format="json")
    assert done.status_code == 201 and done.json()["answered"]
    again = api.post(url, {"answers": _answers(survey)}, format="json")
    assert again.status_code == 400
    assert survey["questionnaire"].responses.count() == 1
