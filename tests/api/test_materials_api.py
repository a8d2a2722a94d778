"""Lecturer material through the API: hand in (multipart), list, withdraw and
download one's own; organizers list, accept and return."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.handouts.models import Handout, Visibility
from portal.accounts import roles
from portal.lecturers.models import MaterialSubmission, SubmissionStatus
from tests.api.conftest import bearer
from tests.factories.catalog import make_session
from tests.factories.handouts import PDF_BYTES
from tests.factories.lecturers import make_lecturer_world, make_submission, teach
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/materials/"
REVIEW = "/api/v1/materials/"


@pytest.fixture
def mw(catalog):
    w = make_lecturer_world(catalog)
    w.b_only = make_session(
        w.future.course, start=w.today + datetime.timedelta(days=12)
    )
    teach(w.b_only, w.b.lecturer, w.b_only.start_date, 9, "乙單獨的課")
    return w


def post_upload(api, session, *, name="notes.pdf", content=PDF_BYTES, title="講義"):
    return api.post(
        MINE,
        {
            "session": session.pk,
            "title": title,
            "note": "備註",
            "file": SimpleUploadedFile(name, content),
        },
        format="multipart",
    )


def test_lecturer_hands_in_material_and_lists_it(api, mw):
    bearer(api, mw.lect_a)
    response = post_upload(api, mw.future, name="公文講義.pdf")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["filename"] == "公文講義.pdf"
    assert body["session_id"] == mw.future.pk and body["size"] == len(PDF_BYTES)
    listing = api.get(MINE).json()
    assert [r["id"] for r in listing["results"]] == [body["id"]]
    assert api.get(f"{MINE}{body['id']}/").json()["title"] == "講義"


def test_upload_for_a_session_they_do_not_teach_is_refused(api, mw):
    bearer(api, mw.lect_a)
    response = post_upload(api, mw.b_only)
    assert response.status_code == 400
    assert "session" in response.json()["error"]["fields"]
    assert not MaterialSubmission.objects.exists()


def test_bad_file_type_is_refused_on_the_file(api, mw):
    bearer(api, mw.lect_a)
    response = post_upload(api, mw.future, name="macro.xlsm", content=b"PK\x03\x04")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and ".pdf" in " ".join(error["fields"]["file"])


def test_another_lecturer_gets_404_on_detail_download_and_withdraw(api, mw):
    submission = make_submission(mw.a, mw.future)
    bearer(api, mw.lect_b)
    assert api.get(MINE).json()["results"] == []
    for url in (f"{MINE}{submission.pk}/", f"{MINE}{submission.pk}/download/"):
        assert api.get(url).status_code == 404
    assert api.delete(f"{MINE}{submission.pk}/").status_code == 404
    assert api.patch(f"{MINE}{submission.pk}/", {"title": "x"}).status_code == 404
    assert MaterialSubmission.objects.get().status == SubmissionStatus.SUBMITTED


def test_lecturer_downloads_and_withdraws_their_own(api, mw):
    submission = make_submission(mw.a, mw.future)
    bearer(api, mw.lect_a)
    response = api.get(f"{MINE}{submission.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    response = api.delete(f"{MINE}{submission.pk}/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = api.delete(f"{MINE}{submission.pk}/")
    assert again.status_code == 400


def test_lecturer_changes_a_pending_submission(api, mw):
    submission = make_submission(mw.a, mw.future)
    bearer(api, mw.lect_a)
    response = api.patch(
        f"{MINE}{submission.pk}/",
        {"title": "第二版", "file": SimpleUploadedFile("v2.pdf", PDF_BYTES)},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["title"] == "第二版"
    assert response.json()["filename"] == "v2.pdf"


def test_non_lecturers_and_non_reviewers_are_refused(api, mw):
    assert api.get(MINE).status_code == 401
    bearer(api, mw.trainee)
    assert api.get(MINE).status_code == 403
    assert api.get(REVIEW).status_code == 403
    bearer(api, mw.lect_a)
    assert api.get(REVIEW).status_code == 403
    submission = make_submission(mw.a, mw.future)
    assert api.post(f"{REVIEW}{submission.pk}/accept/").status_code == 403
    bearer(api, make_user("editor_api", roles.EDITORS))
    assert api.get(REVIEW).status_code == 403


def test_organizer_accepts_material_as_a_handout_once(api, mw):
    submission = make_submission(mw.a, mw.future)
    bearer(api, mw.organizer)
    listing = api.get(REVIEW, {"status": "submitted"}).json()
    assert [r["id"] for r in listing["results"]] == [submission.pk]
    assert listing["results"][0]["lecturer"] == "甲講座"
    download = api.get(f"{REVIEW}{submission.pk}/download/")
    assert download.status_code == 200
    response = api.post(f"{REVIEW}{submission.pk}/accept/", {}, format="json")
    assert response.status_code == 200
    body = response.json()
    handout = Handout.objects.get(pk=body["handout_id"])
    assert handout.lecturer_id == mw.a.lecturer_id
    assert handout.visibility == Visibility.ENROLLED
    assert body["submission"]["status"] == "accepted"
    assert body["submission"]["handout_id"] == handout.pk
    again = api.post(
        f"{REVIEW}{submission.pk}/accept/", {"visibility": "public"}, format="json"
    )
    assert again.status_code == 400
    assert Handout.objects.count() == 1


def test_return_needs_a_comment_and_withdrawn_material_cannot_be_accepted(api, mw):
    submission = make_submission(mw.a, mw.future)
    bearer(api, mw.organizer)
    url = f"{REVIEW}{submission.pk}/return/"
    response = api.post(url, {"comment": " "}, format="json")
    assert response.status_code == 400
    assert "comment" in response.json()["error"]["fields"]
    response = api.post(url, {"comment": "請補資料來源"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["review_comment"] == "請補資料來源"

    withdrawn = make_submission(mw.a, mw.future, title="撤回的講義")
    bearer(api, mw.lect_a)
    assert api.delete(f"{MINE}{withdrawn.pk}/").status_code == 200
    bearer(api, mw.organizer)
    response = api.post(f"{REVIEW}{withdrawn.pk}/accept/", {}, format="json")
    assert response.status_code == 400
    assert not Handout.objects.exists()
