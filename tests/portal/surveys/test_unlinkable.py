"""The unlinkability proof: trainees answer one after another, each with answers
of their own, and an attacker with the whole database tries to join answers back
to respondents by transaction id (PostgreSQL ``xmin``), by physical and insertion
order (SQLite ``rowid``, PostgreSQL ``ctid``, keys, the ``Answer`` id sequence)
and by time. The test runs with the immediate task backend, so a release runs
right after the answer that makes it due: it must still not re-link them."""

import uuid

import pytest
from django.db import connection, models
from django_tasks.signals import task_enqueued

from portal.surveys import services
from portal.surveys.models import (
    Answer,
    Kind,
    PendingResponse,
    Respondent,
    Response,
)
from tests.factories.catalog import make_site
from tests.portal.surveys.conftest import add_trainees, answers, make_survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N = 40
KEEP = 10
# Under a random order, 17 or more of 40 positional matches happen with a
# probability below 1e-7 (binomial bound with p <= 1/10 per position, looser
# than the true, negatively correlated, shuffle); the linked order gives 40.
CHANCE_BOUND = 17


def _physical_order(table, column):
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _xmins(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, xmin::text FROM {table}")  # noqa: S608
        return dict(cursor.fetchall())


def _key(value):
    return uuid.UUID(str(value))


def _matches(respondent_users, response_ids, who, what):
    """Positional matches of an ordering attack: the k-th respondent paired with
    the k-th response, counted where that is really who gave it."""
    return sum(
        who[user] == what[_key(response)]
        for user, response in zip(respondent_users, response_ids, strict=False)
    )


@pytest.fixture
def answered(settings):
    settings.SURVEYS_POOL_KEEP = KEEP
    _home, catalog = make_site()
    survey = make_survey(catalog)
    users = add_trainees(survey, N)
    questionnaire = survey["questionnaire"]
    text_question = questionnaire.questions.get(kind=Kind.TEXT)
    releases = []

    def count_release(sender, task_result, **kwargs):
        if task_result.task.name == "responses_release_task":
            releases.append(task_result)

    task_enqueued.connect(count_release)
    try:
        for i, user in enumerate(users):
            services.response_submit(
                questionnaire=questionnaire,
                user=user,
                data=answers(survey, 1 + i % 5, text=f"答案{i:02d}"),
            )
    finally:
        task_enqueued.disconnect(count_release)
    return {
        **survey,
        "users": users,
        "releases": releases,
        "who": {user.pk: i for i, user in enumerate(users)},
        "text_question": text_question,
    }


def test_the_pool_releases_in_batches_even_with_an_immediate_worker(answered):
    questionnaire = answered["questionnaire"]
    # Due at the 20th, 30th and 40th answer; each release keeps 10 back.
    assert len(answered["releases"]) == 3
    assert Response.objects.filter(questionnaire=questionnaire).count() == N - KEEP
    assert PendingResponse.objects.filter(questionnaire=questionnaire).count() == KEEP
    services.questionnaire_close(
        questionnaire=questionnaire, actor=answered["organizer"]
    )
    assert Response.objects.filter(questionnaire=questionnaire).count() == N
    assert not PendingResponse.objects.exists()
    texts = Answer.objects.filter(question=answered["text_question"])
    assert sorted(texts.values_list("text", flat=True)) == [
        f"答案{i:02d}" for i in range(N)
    ]


def test_answers_cannot_be_linked_to_their_respondents(answered):
    questionnaire = answered["questionnaire"]
    services.questionnaire_close(
        questionnaire=questionnaire, actor=answered["organizer"]
    )
    who = answered["who"]
    what = {
        response_id: int(text.removeprefix("答案"))
        for response_id, text in Answer.objects.filter(
            question=answered["text_question"]
        ).values_list("response_id", "text")
    }
    assert len(what) == N
    # The respondents' own order is the order of answering: what an attacker
    # would pair with the answers' order if that order told anything.
    by_row = _physical_order("surveys_respondent", "user_id")
    assert [who[user] for user in by_row] == list(range(N))

    attacks = {
        "physical order": _physical_order("surveys_response", "id"),
        "random keys": list(
            Response.objects.order_by("id").values_list("id", flat=True)
        ),
        "date, then key": list(
            Response.objects.order_by("submitted_on", "id").values_list("id", flat=True)
        ),
        "answer id sequence": list(
            dict.fromkeys(
                Answer.objects.order_by("id").values_list("response_id", flat=True)
            )
        ),
        "answers' physical order": list(
            dict.fromkeys(_physical_order("surveys_answer", "response_id"))
        ),
    }
    for name, order in attacks.items():
        assert len(order) == N, name
        assert _matches(by_row, order, who, what) < CHANCE_BOUND, name
    # The released rows carry no time finer than the day.
    assert len(set(Response.objects.values_list("submitted_on", flat=True))) == 1
    for model in (Respondent, PendingResponse, Response, Answer):
        assert not [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField)
        ], model


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
def test_no_released_answer_shares_a_transaction_with_a_respondent(answered):
    services.questionnaire_close(
        questionnaire=answered["questionnaire"], actor=answered["organizer"]
    )
    respondent_xmins = set(_xmins("surveys_respondent", "user_id").values())
    assert len(respondent_xmins) == N  # one transaction per answer
    response_xmins = {_key(k): v for k, v in _xmins("surveys_response", "id").items()}
    answer_xmins = _xmins("surveys_answer", "id")
    assert not set(response_xmins.values()) & respondent_xmins
    assert not set(answer_xmins.values()) & respondent_xmins
    # Four releases (three while open, one at closing): each a batch of at least
    # KEEP answers under one transaction id, its answers with it.
    batches = {}
    for xmin in response_xmins.values():
        batches[xmin] = batches.get(xmin, 0) + 1
    assert len(batches) == 4 and min(batches.values()) >= KEEP
    for answer_id, response_id in Answer.objects.values_list("id", "response_id"):
        assert answer_xmins[answer_id] == response_xmins[response_id]
