import pytest

from portal.lecturers.models import LecturerProfile
from portal.notifications.models import OutgoingEmail
from tests.api.conftest import bearer
from tests.factories.lecturers import make_lecturer_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def lw(catalog):
    return make_lecturer_world(catalog)


def test_lecturer_sees_only_their_own_teaching(api, lw):
    bearer(api, lw.lect_a)
    body = api.get("/api/v1/me/teaching/").json()
    assert [r["topic"] for r in body["results"]] == ["過去的課", "未來的課"]
    assert body["results"][0]["venue"]["name"]
    bearer(api, lw.lect_b)
    body = api.get("/api/v1/me/teaching/").json()
    assert [r["topic"] for r in body["results"]] == ["乙的課"]


def test_non_lecturers_are_refused(api, lw):
    assert api.get("/api/v1/me/teaching/").status_code in (401, 403)
    bearer(api, lw.trainee)
    assert api.get("/api/v1/me/teaching/").status_code == 403
    assert api.get("/api/v1/me/lecturer-profile/").status_code == 403
    bearer(api, lw.organizer)
    assert api.get("/api/v1/me/lecturer-profile/").status_code == 403


def test_profile_get_and_patch(api, lw):
    bearer(api, lw.lect_a)
    body = api.get("/api/v1/me/lecturer-profile/").json()
    assert body["name"] == "甲講座" and body["category"] == "outside"
    assert body["expertise"] == sorted(["資訊安全", "數位治理"])
    response = api.patch(
        "/api/v1/me/lecturer-profile/",
        {"phone": "02-1234", "expertise": ["AI"], "category": "internal"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["expertise"] == ["AI"]
    profile = LecturerProfile.objects.get(pk=lw.a.pk)
    assert profile.phone == "02-1234" and profile.category == "outside"


def test_bank_account_change_through_the_api(api, lw):
    bearer(api, lw.lect_a)
    response = api.post(
        "/api/v1/me/lecturer-profile/bank-account/",
        {
            "bank_code": "700",
            "branch": "0001",
            "account_number": "00012345678",
            "holder": "甲講座",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["bank_account"] == "700-****-****5678"
    assert api.get("/api/v1/me/lecturer-profile/").json()["bank_account"] == (
        "700-****-****5678"
    )
    assert OutgoingEmail.objects.filter(template_key="lecturer_bank_changed").exists()
    bad = api.post(
        "/api/v1/me/lecturer-profile/bank-account/",
        {"bank_code": "7", "branch": "1", "account_number": "1", "holder": "x"},
        format="json",
    )
    assert bad.status_code == 400


# Staff: the lecturer records ------------------------------------------------------


def _rated(session, lecturer, values):
    """Released answers to a lecturer question of ``session`` about ``lecturer``."""
    from portal.surveys.models import Answer, Kind, Question, Questionnaire, Response

    questionnaire = Questionnaire.objects.create(title="課後問卷", session=session)
    question = Question.objects.create(
        questionnaire=questionnaire, text="講座教學表現", kind=Kind.LECTURER
    )
    for value in values:
        response = Response.objects.create(
            questionnaire=questionnaire, submitted_on=session.start_date
        )
        Answer.objects.create(
            response=response, question=question, lecturer=lecturer, value=value
        )


def test_staff_list_lecturers_searched_by_name_and_expertise(api, lw):
    from portal.accounts import roles
    from tests.factories.users import make_user

    editor = make_user("editor_l", roles.EDITORS)
    for user in (lw.organizer, editor):
        bearer(api, user)
        body = api.get("/api/v1/lecturers/").json()
        assert body["count"] == 3
        assert [r["name"] for r in body["results"]] == sorted(
            ["甲講座", "乙講座", "丙講座"]
        )
    bearer(api, lw.organizer)
    rows = api.get("/api/v1/lecturers/", {"expertise": "資訊安全"}).json()["results"]
    assert [r["id"] for r in rows] == [lw.a.pk]
    assert rows[0]["expertise"] == sorted(["資訊安全", "數位治理"])
    assert rows[0]["has_account"] is True and rows[0]["has_bank_account"] is False
    rows = api.get("/api/v1/lecturers/", {"q": "公文"}).json()["results"]
    assert [r["id"] for r in rows] == [lw.b.pk]
    rows = api.get("/api/v1/lecturers/", {"q": "丙"}).json()["results"]
    assert [r["id"] for r in rows] == [lw.c.pk] and rows[0]["has_account"] is False
    page = api.get("/api/v1/lecturers/", {"limit": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


def test_staff_record_shows_history_ratings_and_only_the_masked_account(api, lw):
    from portal.lecturers import services as lecturer_services

    lecturer_services.lecturer_bank_account_change(
        profile=lw.a,
        user=lw.lect_a,
        bank_code="700",
        branch="0001",
        account_number="00012345678",
        holder="甲講座",
    )
    _rated(lw.past, lw.a.lecturer, [5, 4, 4, 5, 3])
    _rated(lw.future, lw.a.lecturer, [1, 2])
    bearer(api, lw.organizer)
    response = api.get(f"/api/v1/lecturers/{lw.a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "甲講座" and body["title"] == "甲講座的職稱"
    assert body["category"] == "outside" and body["distance_band"] == "near"
    assert body["email"] == "a@x.test"
    assert body["has_bank_account"] is True
    assert body["bank_account"] == "700-****-****5678"
    assert "00012345678" not in response.content.decode()
    topics = [e["topic"] for y in body["teaching_history"] for e in y["entries"]]
    assert sorted(topics) == ["未來的課", "過去的課"]
    assert sum(y["periods"] for y in body["teaching_history"]) == 2
    by_session = {
        s["session_code"] + str(s["term"]): s["questions"][0]
        for s in body["ratings"]["sessions"]
    }
    shown = by_session[f"{lw.past.code}{lw.past.term}"]
    assert shown == {"question": "講座教學表現", "n": 5, "hidden": False, "mean": 4.2}
    hidden = by_session[f"{lw.future.code}{lw.future.term}"]
    assert hidden["n"] == 2 and hidden["hidden"] and hidden["mean"] is None
    assert body["ratings"]["min_group"] == 5
    assert api.get("/api/v1/lecturers/999999/").status_code == 404


def test_trainees_lecturers_and_hr_officers_get_no_lecturer_records(api, lw):
    from portal.accounts import roles
    from tests.factories.users import make_user

    hr = make_user("hr_l", roles.HR_OFFICERS)
    assert api.get("/api/v1/lecturers/").status_code in (401, 403)
    for user in (lw.trainee, lw.lect_a, hr):
        bearer(api, user)
        assert api.get("/api/v1/lecturers/").status_code == 403, user
        assert api.get(f"/api/v1/lecturers/{lw.a.pk}/").status_code == 403, user


def test_staff_without_the_lecturer_records_permission_are_refused(api, lw):
    from django.contrib.auth.models import Permission

    from portal.accounts import roles
    from tests.factories.users import make_user

    editor = make_user("editor_np", roles.EDITORS)
    bearer(api, editor)
    assert api.get("/api/v1/lecturers/").status_code == 200
    editor.groups.first().permissions.remove(
        *Permission.objects.filter(content_type__app_label="lecturers")
    )
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh permission cache
    bearer(api, editor)
    assert api.get("/api/v1/lecturers/").status_code == 403
