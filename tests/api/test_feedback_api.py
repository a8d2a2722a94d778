"""Suggestions and replies through the API: the author sends, reads and
withdraws their own; the board is public and nameless; the staff who handle
suggestions list, reply, change the status and publish."""

import pytest
from rest_framework.test import APIClient

from portal.feedback.models import Status, Suggestion
from portal.notifications.models import OutgoingEmail
from tests.api.conftest import bearer
from tests.factories.feedback import make_suggestion
from tests.factories.world import make_world

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/suggestions/"
STAFF = "/api/v1/suggestions/"
BOARD = "/api/v1/suggestions/published/"


@pytest.fixture
def w(catalog):
    return make_world(catalog)


def test_a_trainee_sends_reads_and_withdraws_their_suggestion(api, w):
    bearer(api, w.alice.user)
    response = api.post(
        MINE,
        {"session": w.session.pk, "topic": "venue", "subject": "冷氣太冷",
         "body": "下午教室偏冷"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    sent = response.json()
    assert (sent["status"], sent["session_code"], sent["withdrawable"]) == (
        "new",
        w.session.code,
        True,
    )
    bobs = make_suggestion(w.bob.user, subject="乙的建議")
    assert [s["id"] for s in api.get(MINE).json()["results"]] == [sent["id"]]
    assert api.get(f"{MINE}{sent['id']}/").json()["subject"] == "冷氣太冷"
    assert api.get(f"{MINE}{bobs.pk}/").status_code == 404
    assert api.post(f"{MINE}{bobs.pk}/withdraw/").status_code == 404
    response = api.post(f"{MINE}{sent['id']}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    response = api.post(f"{MINE}{sent['id']}/withdraw/")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_sending_refuses_sessions_not_yours_and_bad_input_per_field(api, w):
    make_suggestion(w.bob.user)
    bearer(api, w.hr_a.user)  # an HR officer of alice's agency, not in the session
    response = api.post(
        MINE,
        {"session": w.session.pk, "subject": "主旨", "body": "內容"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"session"}
    response = api.post(
        MINE, {"topic": "gossip", "subject": "", "body": "字" * 2001}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"topic", "subject", "body"}
    assert Suggestion.objects.count() == 1


def test_the_public_board_is_open_and_shows_no_names(w):
    make_suggestion(
        w.alice.user, session=w.session, topic="venue", subject="資訊甲的建議",
        body="我是資訊甲", status=Status.ANSWERED, reply="已調整溫度",
        published=True, public_subject="教室冷氣太冷", public_body="下午教室偏冷",
    )  # fmt: skip
    make_suggestion(w.bob.user, reply="內部回覆")
    response = APIClient().get(BOARD, {"q": "冷"})
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["subject"] == "教室冷氣太冷" and item["reply"] == "已調整溫度"
    assert item["course_title"] == w.course.title
    assert "資訊甲" not in response.content.decode()
    assert APIClient().get(BOARD, {"topic": "nope"}).status_code == 400


def test_staff_filter_reply_change_status_and_publish(api, w):
    alices = make_suggestion(
        w.alice.user, session=w.session, topic="venue", subject="冷氣太冷",
        body="我是資訊甲",
    )  # fmt: skip
    make_suggestion(w.bob.user, topic="website", subject="網站")
    bearer(api, w.hr_a.user)
    assert api.get(STAFF).status_code == 403
    bearer(api, w.organizer)
    listed = api.get(STAFF, {"topic": "venue", "session": w.session.pk}).json()
    assert [(s["id"], s["author"]) for s in listed["results"]] == [
        (alices.pk, "資訊甲")
    ]
    assert api.get(STAFF, {"status": "bogus"}).status_code == 400
    assert api.get(STAFF, {"session": "x1"}).status_code == 400
    url = f"{STAFF}{alices.pk}/"
    response = api.post(url + "publish/", {"published": True}, format="json")
    assert response.status_code == 400  # no reply yet
    response = api.post(url + "reply/", {"reply": "已調整溫度"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    assert response.json()["replied_by"] == w.organizer.username
    assert OutgoingEmail.objects.filter(template_key="suggestion_replied").count() == 1
    response = api.post(url + "status/", {"status": "closed"}, format="json")
    assert response.json()["status"] == "closed"
    response = api.post(
        url + "publish/",
        {"published": True, "public_subject": "教室冷氣", "public_body": "冷"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["published"] is True
    assert [i["id"] for i in APIClient().get(BOARD).json()["results"]] == [alices.pk]
    response = api.post(url + "publish/", {"published": False}, format="json")
    assert response.json()["published"] is False
    assert APIClient().get(BOARD).json()["count"] == 0


def test_responses_match_the_documented_schema_strictly(api, w):
    from openapi_schema_validator import OAS31Validator

    schema = api.get("/api/v1/schema/?format=json").json()

    def strict_errors(path, body):
        documented = schema["paths"][path]["get"]["responses"]["200"]
        root = {
            **documented["content"]["application/json"]["schema"],
            "components": schema["components"],
        }
        return [error.message for error in OAS31Validator(root).iter_errors(body)]

    with_all = make_suggestion(
        w.alice.user, session=w.session, status=Status.ANSWERED, reply="回覆",
        replied_by=w.organizer, published=True,
    )  # fmt: skip
    make_suggestion(w.alice.user)  # no session, no reply
    checks = [
        (w.alice.user, "/api/v1/me/suggestions/", MINE),
        (w.alice.user, "/api/v1/me/suggestions/{id}/", f"{MINE}{with_all.pk}/"),
        (None, "/api/v1/suggestions/published/", BOARD),
        (w.organizer, "/api/v1/suggestions/", STAFF),
        (w.organizer, "/api/v1/suggestions/{id}/", f"{STAFF}{with_all.pk}/"),
    ]
    for user, path, url in checks:
        client = bearer(APIClient(), user) if user else APIClient()
        response = client.get(url)
        assert response.status_code == 200, url
        assert strict_errors(path, response.json()) == [], url
