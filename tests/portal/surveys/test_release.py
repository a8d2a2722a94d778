"""The pool of pending answers: when it releases, what closing does, the
sweeper command, sealing under key rotation, and no answer released twice."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.surveys import sealing, services
from portal.surveys.models import Answer, PendingResponse, Respondent, Response
from tests.factories.users import PASSWORD
from tests.portal.surveys.conftest import add_trainees, answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_three(settings):
    settings.SURVEYS_POOL_KEEP = 3
    return 3


def _answer_all(survey, users, start=0):
    for i, user in enumerate(users, start=start):
        services.response_submit(
            questionnaire=survey["questionnaire"],
            user=user,
            data=answers(survey, 1 + i % 5, text=f"意見{i}"),
        )


def _counts(questionnaire):
    return (
        Response.objects.filter(questionnaire=questionnaire).count(),
        PendingResponse.objects.filter(questionnaire=questionnaire).count(),
    )


def test_an_open_pool_releases_only_when_large_and_keeps_some_back(survey, keep_three):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, add_trainees(survey, 5))
    assert services.responses_release(questionnaire=questionnaire) == 0
    call_command("surveys_release", verbosity=0)
    assert _counts(questionnaire) == (0, 5)
    _answer_all(survey, [survey["alice"].user], start=5)
    call_command("surveys_release", verbosity=0)
    assert _counts(questionnaire) == (3, 3)
    released = set(
        Answer.objects.filter(question__kind="text").values_list("text", flat=True)
    )
    assert len(released) == 3 and released < {f"意見{i}" for i in range(6)}
    # Closing releases the three kept back: every answer once, none lost.
    services.questionnaire_close(questionnaire=questionnaire, actor=survey["organizer"])
    assert sorted(
        Answer.objects.filter(question__kind="text").values_list("text", flat=True)
    ) == [f"意見{i}" for i in range(6)]


def test_closing_releases_every_pending_answer(survey, keep_three):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user, survey["bob"].user])
    with pytest.raises(PermissionDenied):
        services.questionnaire_close(
            questionnaire=questionnaire, actor=survey["alice"].user
        )
    assert _counts(questionnaire) == (0, 2)
    assert (
        services.questionnaire_close(
            questionnaire=questionnaire, actor=survey["organizer"]
        )
        == 2
    )
    questionnaire.refresh_from_db()
    assert questionnaire.closes_at <= timezone.now()
    assert _counts(questionnaire) == (2, 0)
    assert not services.is_open(questionnaire)


def test_the_results_page_closes_and_releases(client, survey):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user])
    url = reverse("questionnaire_close", args=[questionnaire.pk])
    assert client.login(username="alice", password=PASSWORD)
    client.post(url)
    assert _counts(questionnaire) == (0, 1)
    assert client.login(username="organizer", password=PASSWORD)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert _counts(questionnaire) == (1, 0)


def test_the_sweeper_releases_what_closed_since(survey, keep_three):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user, survey["bob"].user])
    call_command("surveys_release", verbosity=0)
    assert _counts(questionnaire) == (0, 2)
    questionnaire.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    questionnaire.save()
    call_command("surveys_release", verbosity=0)
    assert _counts(questionnaire) == (2, 0)


def test_pending_answers_survive_a_key_rotation_with_fallbacks(survey, settings):
    questionnaire = survey["questionnaire"]
    old_key = settings.SECRET_KEY
    _answer_all(survey, [survey["alice"].user])
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = []
    # Unreadable: kept in the pool, not destroyed, and still counted.
    assert services.responses_release(questionnaire=questionnaire, everything=True) == 0
    assert _counts(questionnaire) == (0, 1)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert services.responses_release(questionnaire=questionnaire, everything=True) == 1
    assert _counts(questionnaire) == (1, 0)


def test_a_sealed_answer_is_bound_to_its_questionnaire():
    token = sealing.seal({"a": 1}, context=b"questionnaire:1")
    assert sealing.unseal(token, context=b"questionnaire:1") == {"a": 1}
    assert sealing.unseal(token, context=b"questionnaire:2") is None
    # A random nonce: the same answers never seal alike.
    assert token != sealing.seal({"a": 1}, context=b"questionnaire:1")


def test_pending_answers_all_seal_to_one_length(survey):
    """The ciphertext's length must not tell a long free text (visible once
    released) from a short one while it is linkable in the pool."""
    questionnaire = survey["questionnaire"]
    for user, text in ((survey["alice"].user, ""), (survey["bob"].user, "長" * 2000)):
        services.response_submit(
            questionnaire=questionnaire,
            user=user,
            data=answers(survey, text=text),
        )
    lengths = {len(bytes(p.sealed)) for p in PendingResponse.objects.all()}
    assert len(lengths) == 1


def test_a_release_never_releases_an_answer_twice(survey, monkeypatch):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user, survey["bob"].user])
    unseal = sealing.unseal

    def another_worker_took_one(token, *, context):
        # Another release deletes a pool row between our read and our delete.
        PendingResponse.objects.filter(
            pk=PendingResponse.objects.order_by("pk").values("pk")[:1]
        ).delete()
        return unseal(token, context=context)

    monkeypatch.setattr(sealing, "unseal", another_worker_took_one)
    with pytest.raises(services.PoolChanged):
        services.responses_release(questionnaire=questionnaire, everything=True)
    monkeypatch.setattr(sealing, "unseal", unseal)
    assert _counts(questionnaire) == (0, 2)  # all rolled back
    assert services.responses_release(questionnaire=questionnaire, everything=True)
    assert _counts(questionnaire) == (2, 0)


def test_answers_of_a_deleted_question_are_dropped_at_release(survey):
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user])
    questionnaire.questions.get(kind="text").delete()
    assert services.responses_release(questionnaire=questionnaire, everything=True)
    assert Answer.objects.count() == 4  # scale, two lecturers, choice


def test_the_upgrade_reshuffles_answers_stored_before_the_pool(survey):
    """Answers written in their respondent's transaction get new keys and a new
    order in the migration's transaction."""
    questionnaire = survey["questionnaire"]
    question = questionnaire.questions.get(kind="text")
    old = []
    for i, user in enumerate([survey["alice"].user, survey["bob"].user]):
        Respondent.objects.create(questionnaire=questionnaire, user=user)
        response = Response.objects.create(
            questionnaire=questionnaire, submitted_on=timezone.localdate()
        )
        Answer.objects.create(response=response, question=question, text=f"舊{i}")
        old.append(response.pk)
    migration = importlib.import_module(
        "portal.surveys.migrations.0003_reshuffle_responses"
    )
    migration.reshuffle(apps, None)
    new = set(Response.objects.values_list("pk", flat=True))
    assert len(new) == 2 and not new & set(old)
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["舊0", "舊1"]


def test_the_release_task_releases_only_what_is_due(survey, keep_three):
    from portal.surveys.tasks import responses_release_task

    questionnaire = survey["questionnaire"]
    _answer_all(survey, add_trainees(survey, 5))
    assert responses_release_task.call(questionnaire.pk) == 0
    _answer_all(survey, [survey["alice"].user], start=5)
    assert responses_release_task.call(questionnaire.pk) == 3
    assert responses_release_task.call(10**9) == 0  # deleted since


def test_an_edit_that_closes_the_questionnaire_releases(survey):
    from wagtail import hooks

    from portal.surveys.wagtail_hooks import release_when_closed

    assert release_when_closed in hooks.get_hooks("after_edit_snippet")
    questionnaire = survey["questionnaire"]
    _answer_all(survey, [survey["alice"].user])
    release_when_closed(None, questionnaire)
    assert _counts(questionnaire) == (0, 1)  # still open: nothing released
    questionnaire.closes_at = timezone.now() - datetime.timedelta(seconds=5)
    questionnaire.save()
    release_when_closed(None, questionnaire)
    assert _counts(questionnaire) == (1, 0)
