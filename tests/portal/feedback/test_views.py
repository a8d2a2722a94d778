"""The trainee's pages and the staff's admin screens, through HTTP."""

import pytest
from django.urls import reverse

from portal.feedback.models import Status, Suggestion, Topic
from portal.notifications.models import OutgoingEmail
from tests.factories.feedback import make_suggestion

pytestmark = pytest.mark.django_db


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, fw):
    client.force_login(fw.alice.user)
    page = client.get(reverse("feedback:new"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["session"].queryset) == [fw.session]
    response = client.post(
        reverse("feedback:new"),
        {"session": fw.bobs_session.pk, "topic": Topic.VENUE, "subject": "",
         "body": "下午教室太冷，<請>調高溫度"},
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"session", "subject"}
    html = response.content.decode()
    assert "下午教室太冷，&lt;請&gt;調高溫度</textarea>" in html
    assert 'value="venue" selected' in html
    assert 'role="alert"' in html
    assert not Suggestion.objects.exists()


def test_the_hourly_limit_shows_on_the_form_and_keeps_the_text(client, fw, settings):
    settings.FEEDBACK_SUGGESTIONS_PER_HOUR = 1
    make_suggestion(fw.alice.user)
    client.force_login(fw.alice.user)
    response = client.post(
        reverse("feedback:new"),
        {"topic": Topic.OTHER, "subject": "再一則", "body": "內容"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert 'value="再一則"' in response.content.decode()


def test_a_trainee_sends_a_suggestion_and_follows_it_on_my_feedback(client, fw):
    client.force_login(fw.alice.user)
    home = client.get("/").content.decode()
    assert reverse("feedback:mine") in home and reverse("feedback:board") in home
    response = client.post(
        reverse("feedback:new"),
        {"session": fw.session.pk, "topic": Topic.CONTENT,
         "subject": "希望增加實作", "body": "實作時間太短"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:mine")
    make_suggestion(fw.bob.user, subject="乙的秘密建議")
    page = client.get(reverse("feedback:mine")).content.decode()
    assert "希望增加實作" in page and fw.course.title in page
    assert "乙的秘密建議" not in page
    suggestion = Suggestion.objects.get(author=fw.alice.user)
    assert reverse("feedback:withdraw", args=[suggestion.pk]) in page
    Suggestion.objects.filter(pk=suggestion.pk).update(
        status=Status.ANSWERED, reply="下期起延長實作時間"
    )
    page = client.get(reverse("feedback:mine")).content.decode()
    assert "下期起延長實作時間" in page
    assert reverse("feedback:withdraw", args=[suggestion.pk]) not in page


def test_a_trainee_withdraws_their_own_suggestion_only(client, fw):
    own = make_suggestion(fw.alice.user)
    others = make_suggestion(fw.bob.user)
    client.force_login(fw.alice.user)
    url = reverse("feedback:withdraw", args=[others.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("feedback:withdraw", args=[own.pk])).status_code == 405
    response = client.post(reverse("feedback:withdraw", args=[own.pk]), follow=True)
    assert response.status_code == 200
    own.refresh_from_db()
    others.refresh_from_db()
    assert (own.status, others.status) == (Status.WITHDRAWN, Status.NEW)


def test_the_public_board_shows_published_replies_without_names(client, fw):
    make_suggestion(
        fw.alice.user, topic=Topic.VENUE, subject="資訊甲：冷氣", body="我是資訊甲",
        status=Status.ANSWERED, reply="已調整溫度", published=True,
        public_subject="教室冷氣太冷", public_body="下午教室偏冷",
    )  # fmt: skip
    make_suggestion(fw.bob.user, subject="未公開的建議", reply="內部回覆")
    for n in range(11):
        make_suggestion(
            fw.bob.user, reply=f"回覆{n}", published=True,
            public_subject=f"公開問題{n}", public_body="問題",
        )  # fmt: skip
    response = client.get(reverse("feedback:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["page_obj"].paginator.num_pages == 2
    assert "公開問題10" in html and "未公開的建議" not in html
    for private in ("資訊甲", "教育乙", "我是資訊甲", "內部回覆"):
        assert private not in html
    response = client.get(reverse("feedback:board"), {"q": "冷氣", "topic": "venue"})
    assert [i["public_subject"] for i in response.context["items"]] == ["教室冷氣太冷"]
    assert "已調整溫度" in response.content.decode()


def test_staff_reply_change_status_and_publish_in_the_admin(client, fw):
    suggestion = make_suggestion(
        fw.alice.user, session=fw.session, topic=Topic.VENUE,
        subject="冷氣太冷", body="我是資訊甲，冷氣太冷",
    )  # fmt: skip
    make_suggestion(fw.bob.user, subject="網站問題", topic=Topic.WEBSITE)
    client.force_login(fw.organizer)
    index = client.get(
        reverse("feedback_admin_index"),
        {"topic": Topic.VENUE, "session": fw.session.pk, "status": Status.NEW},
    )
    assert index.status_code == 200
    assert [s.subject for s in index.context["page_obj"]] == ["冷氣太冷"]
    assert "資訊甲" in index.content.decode()  # staff see the author
    url = reverse("feedback_admin_detail", args=[suggestion.pk])
    page = client.get(url)
    assert page.context["publish_form"]["public_body"].value() == "我是資訊甲，冷氣太冷"
    assert client.post(url, {"action": "reply", "reply": ""}).status_code == 400
    assert client.post(url, {"action": "reply", "reply": "已調整"}).status_code == 302
    assert OutgoingEmail.objects.filter(template_key="suggestion_replied").count() == 1
    response = client.post(url, {"action": "status", "status": Status.NEW})
    assert response.status_code == 400
    assert client.post(url, {"action": "status", "status": "closed"}).status_code == 302
    response = client.post(
        url,
        {"action": "publish", "public_subject": "教室冷氣", "public_body": "冷氣太冷"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.published) == (Status.CLOSED, True)
    board = client.get(reverse("feedback:board")).content.decode()
    assert "教室冷氣" in board and "我是資訊甲" not in board
    assert client.post(url, {"action": "unpublish"}).status_code == 302
    suggestion.refresh_from_db()
    assert not suggestion.published
    history = client.get(url).context["events"]
    assert [e.action for e in history] == [
        "replied", "status", "published", "unpublished",
    ]  # fmt: skip
