import io

import openpyxl
import pytest
from django.urls import reverse

from portal.surveys import selectors, services
from portal.surveys.models import Answer, Kind, PendingResponse, Respondent
from tests.factories.users import PASSWORD
from tests.portal.surveys.conftest import add_trainees, answers

pytestmark = pytest.mark.django_db


def _release(survey):
    return services.responses_release(
        questionnaire=survey["questionnaire"], everything=True
    )


def test_a_trainee_answers_once_and_the_answers_carry_no_identity(client, survey):
    user = survey["alice"].user
    assert client.login(username=user.username, password=PASSWORD)
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'class="help free-text-note"' in page.content.decode()
    response = client.post(url, answers(survey, text="希望增加實作"))
    assert response.status_code == 302
    assert Respondent.objects.filter(user=user).count() == 1
    # Pending: sealed in the pool, nothing readable, nothing in the results yet.
    pending = PendingResponse.objects.get()
    assert "希望增加實作".encode() not in bytes(pending.sealed)
    assert b"answers" not in bytes(pending.sealed)
    assert not survey["questionnaire"].responses.exists()
    assert _release(survey) == 1
    assert not PendingResponse.objects.exists()
    stored = survey["questionnaire"].responses.get()
    field_names = {f.name for f in type(stored)._meta.get_fields()}
    assert not field_names & {"user", "enrolment", "person", "created_at"}
    assert Answer.objects.filter(response=stored).count() == 5  # 2 lecturers
    assert Answer.objects.filter(response=stored, text="希望增加實作").exists()
    again = client.get(url)
    assert [t.name for t in again.templates][0] == "surveys/answered.html"
    with pytest.raises(services.ValidationError) as refused:
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=answers(survey)
        )
    assert refused.value.code == "already_answered"


def test_missing_answers_come_back_with_what_was_chosen(client, survey):
    assert client.login(username="alice", password=PASSWORD)
    data = answers(survey)
    likert = next(k for k in data if k.count("-") == 0 and data[k] == "4")
    del data[likert]
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    response = client.post(url, data)
    assert response.status_code == 400
    unanswered = [f["name"] for f in response.context["fields"] if f["error"]]
    assert unanswered == [likert] and response.context["general"]
    assert 'value="適中" checked' in response.content.decode()
    assert not Respondent.objects.exists()
    assert not PendingResponse.objects.exists()


def test_only_the_sessions_trainees_answer(client, survey):
    assert client.login(username="outsider", password=PASSWORD)
    url = reverse("surveys:answer", args=[survey["questionnaire"].pk])
    assert client.get(url).status_code == 404


def test_per_lecturer_results_need_five_answers(client, survey):
    answerers = [survey["alice"].user, survey["bob"].user] + add_trainees(survey, 4)
    for user in answerers[:4]:
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=answers(survey, 5)
        )
    _release(survey)
    data = selectors.results(questionnaire=survey["questionnaire"])
    lecturer_item = next(q for q in data["questions"] if q["kind"] == Kind.LECTURER)
    assert all(row["hidden"] for row in lecturer_item["lecturers"])
    assert "mean" not in lecturer_item["lecturers"][0]
    # Every breakdown of fewer than five is hidden, not only the lecturers'.
    likert = next(q for q in data["questions"] if q["kind"] == Kind.LIKERT)
    assert likert["n"] == 4 and likert["hidden"] and "mean" not in likert
    choice = next(q for q in data["questions"] if q["kind"] == Kind.CHOICE)
    assert choice["hidden"] and "choices" not in choice
    services.response_submit(
        questionnaire=survey["questionnaire"],
        user=answerers[4],
        data=answers(survey, 3),
    )
    data = selectors.results(questionnaire=survey["questionnaire"])
    assert data["responses"] == 4 and data["pending"] == 1 and data["answered"] == 5
    _release(survey)
    data = selectors.results(questionnaire=survey["questionnaire"])
    lecturer_item = next(q for q in data["questions"] if q["kind"] == Kind.LECTURER)
    row = lecturer_item["lecturers"][0]
    assert not row["hidden"] and row["n"] == 5 and row["mean"] == 4.6
    assert row["distribution"] == [0, 0, 1, 0, 4]
    likert = next(q for q in data["questions"] if q["kind"] == Kind.LIKERT)
    assert not likert["hidden"] and likert["mean"] == 4.6
    assert data["responses"] == 5 and data["selected"] == 6
    assert data["pending"] == 0 and data["rate"] == 5 / 6
    assert client.login(username="organizer", password=PASSWORD)
    page = client.get(
        reverse("questionnaire_results", args=[survey["questionnaire"].pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    # The scale, both lecturers (five answers each now) and the choice question.
    assert html.count("<figure><svg") == 4
    assert "kozea.github.io" not in html  # no chart scripts from a CDN


def _export(client, survey):
    assert client.login(username="organizer", password=PASSWORD)
    export = client.get(
        reverse("questionnaire_export", args=[survey["questionnaire"].pk])
    )
    assert export.status_code == 200
    return list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
            values_only=True
        )
    )


def test_the_export_holds_no_identity(client, survey):
    users = [survey["alice"].user, survey["bob"].user] + add_trainees(survey, 3)
    for user in users:
        services.response_submit(
            questionnaire=survey["questionnaire"], user=user, data=answers(survey)
        )
    _release(survey)
    rows = _export(client, survey)
    data_rows = [row for row in rows[1:] if isinstance(row[0], int)]
    assert len(data_rows) == 5
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for user in users:
        person = user.person
        for value in (
            user.username,
            person.name,
            person.email,
            person.national_id_masked,
            person.employee_number,
        ):
            if value:
                assert value not in text.split()
    assert [row[0] for row in data_rows] == [1, 2, 3, 4, 5]  # not a key


def test_a_trainees_questionnaire_is_found_only_for_its_selected_trainees(survey):
    from django.http import Http404

    questionnaire = survey["questionnaire"]
    found = selectors.questionnaire_get(
        viewer=survey["alice"].user, pk=questionnaire.pk
    )
    assert found == questionnaire
    for viewer in (survey["outsider"].user, survey["organizer"]):
        with pytest.raises(Http404):
            selectors.questionnaire_get(viewer=viewer, pk=questionnaire.pk)
    template = selectors.templates().get()
    with pytest.raises(Http404):  # a template is no one's questionnaire
        selectors.questionnaire_get(viewer=survey["alice"].user, pk=template.pk)
    assert selectors.template_get(pk=template.pk) == template
    with pytest.raises(Http404):
        selectors.template_get(pk=questionnaire.pk)
