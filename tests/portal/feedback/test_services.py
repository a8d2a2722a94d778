"""Sending, withdrawing, moving along, replying to and publishing suggestions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.feedback import services
from portal.feedback.models import (
    BODY_MAX,
    SUBJECT_MAX,
    Action,
    Status,
    Suggestion,
    Topic,
)
from portal.notifications.models import EmailTemplate, OutgoingEmail
from tests.factories.feedback import make_suggestion

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> dict:
    return {
        field: [e.code for e in errors] for field, errors in error.error_dict.items()
    }


def test_a_trainee_sends_a_suggestion_about_a_class_they_were_selected_for(fw):
    suggestion = services.suggestion_create(
        author=fw.alice.user,
        session=fw.session,
        topic=Topic.CONTENT,
        subject="  希望增加實作時間 ",
        body="實作時間太短。",
    )
    assert suggestion.status == Status.NEW
    assert suggestion.subject == "希望增加實作時間"
    assert suggestion.session == fw.session
    assert [(e.action, e.actor) for e in suggestion.events.all()] == [
        (Action.CREATED, fw.alice.user)
    ]


def test_only_sessions_the_author_was_selected_for_and_known_topics_are_taken(fw):
    for session in (fw.bobs_session, fw.waiting_session):
        with pytest.raises(ValidationError) as caught:
            services.suggestion_create(
                author=fw.alice.user, session=session, subject="主旨", body="內容"
            )
        assert _codes(caught.value) == {"session": ["not_your_session"]}
    with pytest.raises(ValidationError) as caught:
        services.suggestion_create(
            author=fw.alice.user,
            topic="gossip",
            subject=" ",
            body="字" * (BODY_MAX + 1),
        )
    assert _codes(caught.value) == {
        "subject": ["required"],
        "body": ["max_length"],
        "topic": ["invalid_choice"],
    }
    assert not Suggestion.objects.exists()


def test_the_hourly_limit_refuses_one_too_many_until_an_hour_has_passed(fw, settings):
    settings.FEEDBACK_SUGGESTIONS_PER_HOUR = 2
    for n in range(2):
        services.suggestion_create(
            author=fw.alice.user, subject=f"第{n}則", body="內容"
        )
    with pytest.raises(ValidationError) as caught:
        services.suggestion_create(author=fw.alice.user, subject="第三則", body="內容")
    assert caught.value.code == "too_many_suggestions"
    # Somebody else is not held back by alice's count.
    services.suggestion_create(author=fw.bob.user, subject="乙的建議", body="內容")
    Suggestion.objects.filter(author=fw.alice.user).update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    services.suggestion_create(author=fw.alice.user, subject="第三則", body="內容")
    assert Suggestion.objects.filter(author=fw.alice.user).count() == 3


def test_the_author_withdraws_until_staff_answer_and_nobody_else_may(fw):
    waiting = make_suggestion(fw.alice.user, status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as caught:
        services.suggestion_withdraw(suggestion=waiting, actor=fw.bob.user)
    assert caught.value.code == "not_author"
    withdrawn = services.suggestion_withdraw(suggestion=waiting, actor=fw.alice.user)
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.events.last().action == Action.WITHDRAWN
    for status in (Status.ANSWERED, Status.CLOSED, Status.WITHDRAWN):
        done = make_suggestion(fw.alice.user, status=status)
        with pytest.raises(ValidationError) as caught:
            services.suggestion_withdraw(suggestion=done, actor=fw.alice.user)
        assert caught.value.code == "not_withdrawable"


def test_staff_move_the_status_only_along_the_allowed_transitions(fw):
    suggestion = make_suggestion(fw.alice.user)
    with pytest.raises(ValidationError) as caught:
        services.suggestion_status_set(
            suggestion=suggestion, actor=fw.alice.user, status=Status.CLOSED
        )
    assert caught.value.code == "not_handler"
    for status in (Status.IN_PROGRESS, Status.CLOSED, Status.IN_PROGRESS):
        suggestion = services.suggestion_status_set(
            suggestion=suggestion, actor=fw.organizer, status=status
        )
        assert suggestion.status == status
    for refused in (Status.NEW, Status.ANSWERED, Status.WITHDRAWN):
        with pytest.raises(ValidationError) as caught:
            services.suggestion_status_set(
                suggestion=suggestion, actor=fw.organizer, status=refused
            )
        assert _codes(caught.value) == {"status": ["invalid_transition"]}
    withdrawn = make_suggestion(fw.alice.user, status=Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        services.suggestion_status_set(
            suggestion=withdrawn, actor=fw.organizer, status=Status.IN_PROGRESS
        )
    assert [e.status for e in suggestion.events.all()] == [
        Status.IN_PROGRESS,
        Status.CLOSED,
        Status.IN_PROGRESS,
    ]


def test_the_first_reply_answers_and_emails_the_author_a_correction_does_not(fw):
    assert set(
        EmailTemplate.objects.filter(key="suggestion_replied").values_list(
            "language", flat=True
        )
    ) == {"zh-hant", "en"}
    suggestion = make_suggestion(
        fw.alice.user, subject="教室冷氣太冷", status=Status.IN_PROGRESS
    )
    answered = services.suggestion_reply(
        suggestion=suggestion, actor=fw.organizer, reply="  已調整溫度。 "
    )
    assert (answered.status, answered.reply, answered.replied_by) == (
        Status.ANSWERED,
        "已調整溫度。",
        fw.organizer,
    )
    mail = OutgoingEmail.objects.get(template_key="suggestion_replied")
    assert mail.recipients == [fw.alice.user.email]
    assert "教室冷氣太冷" in mail.subject
    assert "已調整溫度。" in mail.body and "/my/feedback/" in mail.body
    closed = services.suggestion_status_set(
        suggestion=answered, actor=fw.organizer, status=Status.CLOSED
    )
    corrected = services.suggestion_reply(
        suggestion=closed, actor=fw.organizer, reply="已調整為 26 度。"
    )
    assert (corrected.status, corrected.reply) == (Status.CLOSED, "已調整為 26 度。")
    assert OutgoingEmail.objects.filter(template_key="suggestion_replied").count() == 1
    assert corrected.events.last().action == Action.REPLY_EDITED


def test_a_reply_is_refused_when_withdrawn_closed_unanswered_or_empty(fw):
    cases = [
        (make_suggestion(fw.alice.user, status=Status.WITHDRAWN), "回覆", "withdrawn"),
        (make_suggestion(fw.alice.user, status=Status.CLOSED), "回覆", "closed"),
        (make_suggestion(fw.alice.user), "  ", None),
    ]
    for suggestion, reply, code in cases:
        with pytest.raises(ValidationError) as caught:
            services.suggestion_reply(
                suggestion=suggestion, actor=fw.organizer, reply=reply
            )
        if code:
            assert caught.value.code == code
        else:
            assert _codes(caught.value) == {"reply": ["required"]}
    with pytest.raises(ValidationError) as caught:
        services.suggestion_reply(
            suggestion=cases[2][0], actor=fw.hr_a.user, reply="人事回覆"
        )
    assert caught.value.code == "not_handler"
    assert not OutgoingEmail.objects.filter(template_key="suggestion_replied").exists()


def test_publishing_needs_a_reply_and_public_words_and_can_be_undone(fw):
    suggestion = make_suggestion(
        fw.alice.user, subject="資訊甲的建議", body="我是資訊甲，電話 0912-345-678。"
    )
    with pytest.raises(ValidationError) as caught:
        services.suggestion_publish(
            suggestion=suggestion,
            actor=fw.organizer,
            public_subject="建議",
            public_body="希望改善。",
        )
    assert caught.value.code == "no_reply"
    services.suggestion_reply(suggestion=suggestion, actor=fw.organizer, reply="謝謝")
    with pytest.raises(ValidationError) as caught:
        services.suggestion_publish(
            suggestion=suggestion,
            actor=fw.organizer,
            public_subject="x" * (SUBJECT_MAX + 1),
            public_body="",
        )
    assert _codes(caught.value) == {
        "public_subject": ["max_length"],
        "public_body": ["required"],
    }
    published = services.suggestion_publish(
        suggestion=suggestion,
        actor=fw.organizer,
        public_subject="一則建議",
        public_body="希望改善上課環境。",
    )
    assert published.published and published.published_at is not None
    assert (published.public_subject, published.public_body) == (
        "一則建議",
        "希望改善上課環境。",
    )
    with pytest.raises(ValidationError) as caught:
        services.suggestion_publish(
            suggestion=published,
            actor=fw.editor,
            public_subject="改",
            public_body="改",
        )
    assert caught.value.code == "not_handler"
    unpublished = services.suggestion_unpublish(
        suggestion=published, actor=fw.organizer
    )
    assert not unpublished.published and unpublished.published_at is None
    assert unpublished.public_body == "希望改善上課環境。"
    assert [e.action for e in unpublished.events.all()][-2:] == [
        Action.PUBLISHED,
        Action.UNPUBLISHED,
    ]
