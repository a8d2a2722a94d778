"""Questionnaires through the API: answering, and the organizer's results under
the same rules as the admin page (released answers only, small groups hidden,
free text flagged)."""

import pytest

from portal.surveys import services
from portal.surveys.models import Kind, PendingResponse
from tests.api.conftest import bearer
from tests.portal.surveys.conftest import add_trainees, answers, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(catalog):
    return make_survey(catalog)


def test_answer_through_the_api(api, survey):
    bearer(api, survey["alice"].user)
    url = f"/api/v1/questionnaires/{survey['questionnaire'].pk}/"
    data = api.get(url).json()
    assert data["open"] and not data["answered"] and len(data["answer_keys"]) == 5
    assert data["free_text_note"]
    missing = api.post(url, {"answers": {}}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) >= {data["answer_keys"][0]}
    done = api.post(url, {"answers": answers(survey)}, format="json")
    assert done.status_code == 201 and done.json()["answered"]
    again = api.post(url, {"answers": answers(survey)}, format="json")
    assert again.status_code == 400
    # Pooled, not yet in the results.
    assert PendingResponse.objects.count() == 1
    assert not survey["questionnaire"].responses.exists()


def test_results_are_for_organizers_only(api, survey):
    url = f"/api/v1/questionnaires/{survey['questionnaire'].pk}/results/"
    assert api.get(url).status_code == 401
    bearer(api, survey["alice"].user)
    assert api.get(url).status_code == 403


def test_results_count_released_answers_and_hide_small_groups(api, survey):
    questionnaire = survey["questionnaire"]
    users = [survey["alice"].user, survey["bob"].user] + add_trainees(survey, 4)
    first, second = survey["lecturers"]
    # The second lecturer is rated by four only: hidden, though the rest is shown.
    questionnaire.questions.filter(kind=Kind.LECTURER).update(required=False)
    for i, user in enumerate(users[:5]):
        data = answers(survey, 4, text=f"意見{i}")
        if i == 4:
            del data[next(k for k in data if k.endswith(f"-l{second.pk}"))]
        services.response_submit(questionnaire=questionnaire, user=user, data=data)
    services.responses_release(questionnaire=questionnaire, everything=True)
    services.response_submit(
        questionnaire=questionnaire, user=users[5], data=answers(survey, 1)
    )
    bearer(api, survey["organizer"])
    body = api.get(f"/api/v1/questionnaires/{questionnaire.pk}/results/").json()
    assert body["answered"] == 6 and body["responses"] == 5 and body["pending"] == 1
    assert body["min_group"] == 5 and body["free_text_note"]
    by_kind = {q["kind"]: q for q in body["questions"]}
    assert by_kind["likert"]["mean"] == 4 and by_kind["likert"]["n"] == 5
    lecturers = {row["lecturer"]["id"]: row for row in by_kind["lecturer"]["lecturers"]}
    assert not lecturers[first.pk]["hidden"] and lecturers[first.pk]["n"] == 5
    assert lecturers[second.pk]["hidden"] and lecturers[second.pk]["n"] == 4
    assert lecturers[second.pk]["mean"] is None
    assert lecturers[second.pk]["distribution"] == []
    assert by_kind["text"]["texts"] == [f"意見{i}" for i in range(5)]
    assert by_kind["text"]["note"]
    assert {c["choice"]: c["n"] for c in by_kind["choice"]["choices"]}["適中"] == 5
