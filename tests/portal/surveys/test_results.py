"""Every output of the results (page, Excel export; the API in tests/api) shows
released answers only, says how many are pending, hides breakdowns of fewer than
five and flags free text as possibly identifying."""

import io

import openpyxl
import pytest
from django.urls import reverse

from portal.surveys import selectors, services
from portal.surveys.models import Kind
from tests.factories.users import PASSWORD
from tests.portal.surveys.conftest import add_trainees, answers

pytestmark = pytest.mark.django_db


def _sheet(client, questionnaire):
    assert client.login(username="organizer", password=PASSWORD)
    export = client.get(reverse("questionnaire_export", args=[questionnaire.pk]))
    assert export.status_code == 200
    return list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
            values_only=True
        )
    )


def test_the_export_has_no_rows_under_five_responses(client, survey):
    questionnaire = survey["questionnaire"]
    for user in [survey["alice"].user] + add_trainees(survey, 3):
        services.response_submit(
            questionnaire=questionnaire, user=user, data=answers(survey, 2)
        )
    services.responses_release(questionnaire=questionnaire, everything=True)
    rows = _sheet(client, questionnaire)
    assert not [row for row in rows[1:] if isinstance(row[0], int)]
    assert 2 not in {cell for row in rows for cell in row}  # no score leaks


def test_the_export_hides_a_lecturer_rated_by_fewer_than_five(client, survey):
    questionnaire = survey["questionnaire"]
    first, second = survey["lecturers"]
    lecturer_question = questionnaire.questions.get(kind=Kind.LECTURER)
    lecturer_question.required = False
    lecturer_question.save()
    users = [survey["alice"].user, survey["bob"].user] + add_trainees(survey, 4)
    for i, user in enumerate(users):
        data = answers(survey, 4, text=f"建議{i}", lecturer_scores={second.pk: 1})
        if i >= 4:  # the second lecturer: four ratings only
            del data[f"q{lecturer_question.pk}-l{second.pk}"]
        services.response_submit(questionnaire=questionnaire, user=user, data=data)
    services.responses_release(questionnaire=questionnaire, everything=True)
    rows = _sheet(client, questionnaire)
    headers = rows[0]
    data_rows = [row for row in rows[1:] if isinstance(row[0], int)]
    assert len(data_rows) == 6
    second_column = next(
        i for i, h in enumerate(headers) if h.startswith(f"講座教學表現（{second.name}")
    )
    first_column = next(
        i for i, h in enumerate(headers) if h.startswith(f"講座教學表現（{first.name}")
    )
    assert {row[second_column] for row in data_rows} == {None}
    assert {row[first_column] for row in data_rows} == {4}
    text_column = next(i for i, h in enumerate(headers) if h.startswith("其他建議"))
    assert headers[text_column] != "其他建議"  # carries the free-text note
    assert sorted(row[text_column] for row in data_rows) == [
        f"建議{i}" for i in range(6)
    ]
    notes = [row[0] for row in rows[1:] if isinstance(row[0], str)]
    assert len(notes) == 3


def test_the_page_counts_pending_answers_and_flags_free_text(client, survey):
    questionnaire = survey["questionnaire"]
    users = [survey["alice"].user, survey["bob"].user] + add_trainees(survey, 4)
    for i, user in enumerate(users[:5]):
        services.response_submit(
            questionnaire=questionnaire, user=user, data=answers(survey, text=f"話{i}")
        )
    services.responses_release(questionnaire=questionnaire, everything=True)
    services.response_submit(
        questionnaire=questionnaire, user=users[5], data=answers(survey, text="晚到")
    )
    data = selectors.results(questionnaire=questionnaire)
    assert (data["answered"], data["responses"], data["pending"]) == (6, 5, 1)
    text_item = next(q for q in data["questions"] if q["kind"] == Kind.TEXT)
    assert text_item["texts"] == [f"話{i}" for i in range(5)] and text_item["note"]
    assert client.login(username="organizer", password=PASSWORD)
    page = client.get(reverse("questionnaire_results", args=[questionnaire.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-pending="1"' in html and "晚到" not in html
    assert str(text_item["note"]) in html
    assert reverse("questionnaire_close", args=[questionnaire.pk]) in html
