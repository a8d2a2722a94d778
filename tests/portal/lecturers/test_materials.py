"""Lecturer material for organizer review: hand-in rules, the lecturer's pages,
the organizer's review (accept as a handout, return with a comment) and who
sees what."""

import datetime
import hashlib
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from wagtail.models import Collection

from cms.catalog.models import SessionStatus
from cms.handouts.models import Handout, Visibility
from portal.accounts import access, roles
from portal.lecturers import selectors, services
from portal.lecturers.models import MaterialSubmission, SubmissionStatus
from tests.factories.catalog import make_session
from tests.factories.handouts import PDF_BYTES
from tests.factories.lecturers import make_submission, teach
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(lw):
    """The lecturer world, plus a session only lecturer B teaches and one that
    lecturer A taught and that ended ten days ago."""
    course = lw.future.course
    lw.b_only = make_session(course, start=lw.today + datetime.timedelta(days=12))
    teach(lw.b_only, lw.b.lecturer, lw.b_only.start_date, 9, "乙單獨的課")
    recent_day = lw.today - datetime.timedelta(days=10)
    lw.recent = make_session(course, start=recent_day)
    teach(lw.recent, lw.a.lecturer, recent_day, 9, "十天前的課")
    return lw


def codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


def upload(client, session, *, title="公文格式講義", name="notes.pdf", content=None):
    return client.post(
        reverse("lecturers:materials"),
        {
            "session": session.pk,
            "title": title,
            "note": "第二節使用",
            "file": SimpleUploadedFile(name, PDF_BYTES if content is None else content),
        },
    )


# Handing in ------------------------------------------------------------------


def test_lecturer_uploads_material_for_their_own_session(mw, client):
    client.force_login(mw.lect_a)
    response = upload(client, mw.future)
    assert response.status_code == 302
    submission = MaterialSubmission.objects.get()
    assert submission.profile == mw.a and submission.session == mw.future
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.title == "公文格式講義" and submission.note == "第二節使用"
    assert submission.original_filename == "notes.pdf"
    assert submission.size == len(PDF_BYTES)
    assert submission.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    # Private storage, a random name: the lecturer's file name is not in the path.
    assert submission.file.name.startswith("submissions/")
    assert "notes" not in submission.file.name
    with pytest.raises(NotImplementedError):
        _ = submission.file.url
    page = client.get(reverse("lecturers:materials")).content.decode()
    assert "公文格式講義" in page and "badge-submitted" in page


def test_a_session_that_ended_ten_days_ago_still_takes_material(mw):
    submission = make_submission(mw.a, mw.recent)
    assert submission.session == mw.recent


def test_upload_is_refused_for_a_session_they_do_not_teach(mw, client):
    with pytest.raises(ValidationError) as caught:
        make_submission(mw.a, mw.b_only)
    assert codes(caught.value, "session") == ["not_teaching"]
    client.force_login(mw.lect_a)
    response = upload(client, mw.b_only)
    assert response.status_code == 400
    assert not MaterialSubmission.objects.exists()


def test_upload_is_refused_long_after_the_session_or_when_cancelled(mw):
    with pytest.raises(ValidationError) as caught:
        make_submission(mw.a, mw.past)  # ended 40 days ago
    assert codes(caught.value, "session") == ["session_closed"]
    mw.future.status = SessionStatus.CANCELLED
    mw.future.save()
    with pytest.raises(ValidationError) as caught:
        make_submission(mw.a, mw.future)
    assert codes(caught.value, "session") == ["session_closed"]


def test_only_the_lecturer_hands_in_their_material(mw):
    with pytest.raises(ValidationError) as caught:
        services.material_submission_create(
            profile=mw.a,
            user=mw.lect_b,
            session=mw.future,
            title="冒名",
            file=SimpleUploadedFile("notes.pdf", PDF_BYTES),
        )
    assert caught.value.code == "not_own_profile"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", b"MZ\x90\x00", "file_type"),
        ("page.html", b"<html></html>", "file_type"),
        ("notes.pdf", b"<html><script>alert(1)</script></html>", "mismatched_content"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_files_breaking_the_upload_rules_are_refused(mw, name, content, code):
    with pytest.raises(ValidationError) as caught:
        make_submission(mw.a, mw.future, name=name, content=content)
    assert codes(caught.value, "file") == [code]
    assert not MaterialSubmission.objects.exists()


def test_too_large_a_file_is_refused(mw, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as caught:
        make_submission(mw.a, mw.future)
    assert codes(caught.value, "file") == ["file_too_large"]


def test_bad_file_type_comes_back_with_a_clear_error_and_keeps_the_title(mw, client):
    client.force_login(mw.lect_a)
    response = upload(client, mw.future, title="我的講義標題", name="run.exe")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="我的講義標題"' in page
    assert "第二節使用" in page
    # The error, naming the allowed types, is tied to the file input.
    error = page.split('id="id_file_error"')[1].split("</div>")[0]
    assert ".pdf" in error and ".docx" in error
    assert 'aria-invalid="true"' in page
    assert "id_file_error" in page.split('name="file"')[1].split(">")[0]
    assert not MaterialSubmission.objects.exists()


def test_the_page_shows_the_upload_rules_and_only_sessions_still_open(mw, client):
    client.force_login(mw.lect_a)
    page = client.get(reverse("lecturers:materials")).content.decode()
    assert ".docx" in page and "50.0" in page  # types and size in words
    assert f'value="{mw.future.pk}"' in page and f'value="{mw.recent.pk}"' in page
    assert f'value="{mw.past.pk}"' not in page
    assert f'value="{mw.b_only.pk}"' not in page
    teaching = client.get(reverse("lecturers:teaching")).content.decode()
    assert reverse("lecturers:materials") in teaching


def test_people_who_are_not_lecturers_get_404(mw, client):
    client.force_login(mw.trainee)
    assert client.get(reverse("lecturers:materials")).status_code == 404
    client.force_login(mw.organizer)
    assert client.get(reverse("lecturers:materials")).status_code == 404


# Own submissions: replace, withdraw, download -------------------------------------


def test_lecturer_downloads_their_file_as_an_uncached_attachment(mw, client):
    submission = make_submission(mw.a, mw.future, name="公文講義.pdf")
    client.force_login(mw.lect_a)
    response = client.get(reverse("lecturers:material_download", args=[submission.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_lecturer_cannot_see_download_or_withdraw_it(mw, client):
    submission = make_submission(mw.a, mw.future, title="甲的秘密講義")
    client.force_login(mw.lect_b)
    assert (
        "甲的秘密講義"
        not in client.get(reverse("lecturers:materials")).content.decode()
    )
    for name in ("lecturers:material", "lecturers:material_download"):
        assert client.get(reverse(name, args=[submission.pk])).status_code == 404
    response = client.post(reverse("lecturers:material_withdraw", args=[submission.pk]))
    assert response.status_code == 404
    assert MaterialSubmission.objects.get().status == SubmissionStatus.SUBMITTED
    with pytest.raises(ValidationError) as caught:
        services.material_submission_withdraw(submission=submission, user=mw.lect_b)
    assert caught.value.code == "not_own_profile"


def test_lecturer_replaces_a_pending_file_and_the_old_one_is_deleted(
    mw, client, django_capture_on_commit_callbacks
):
    submission = make_submission(mw.a, mw.future)
    old_name = submission.file.name
    storage = submission.file.storage
    new_pdf = PDF_BYTES.replace(b"200 200", b"300 300")
    client.force_login(mw.lect_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lecturers:material", args=[submission.pk]),
            {
                "title": "修正版講義",
                "note": "",
                "file": SimpleUploadedFile("v2.pdf", new_pdf),
            },
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "修正版講義"
    assert submission.original_filename == "v2.pdf"
    assert submission.sha256 == hashlib.sha256(new_pdf).hexdigest()
    assert submission.replaced_at is not None
    assert not storage.exists(old_name) and storage.exists(submission.file.name)


def test_withdrawn_material_cannot_be_replaced_withdrawn_again_or_accepted(mw, client):
    submission = make_submission(mw.a, mw.future)
    client.force_login(mw.lect_a)
    response = client.post(reverse("lecturers:material_withdraw", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert submission.withdrawn_at is not None
    for attempt in (
        lambda: services.material_submission_withdraw(
            submission=submission, user=mw.lect_a
        ),
        lambda: services.material_submission_replace(
            submission=submission, user=mw.lect_a, title="再改"
        ),
        lambda: services.material_submission_accept(
            submission=submission, reviewer=mw.organizer
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "not_pending"
    assert not Handout.objects.exists()


# The organizer's review ----------------------------------------------------------


def test_accept_creates_a_handout_of_the_session_by_the_lecturer(mw):
    submission = make_submission(mw.a, mw.future, name="公文講義.pdf")
    handout = services.material_submission_accept(
        submission=submission, reviewer=mw.organizer
    )
    handout.refresh_from_db()
    assert handout.lecturer_id == mw.a.lecturer_id
    assert handout.session == mw.future and handout.course_id == mw.future.course_id
    assert handout.visibility == Visibility.ENROLLED
    assert handout.title == "講義初稿"
    assert handout.collection == Collection.get_first_root_node()
    assert handout.file_size == len(PDF_BYTES) and handout.file_hash
    with handout.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert handout.file.name != submission.file.name  # a copy, not the same file
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.handout == handout
    assert submission.reviewed_by == mw.organizer and submission.reviewed_at


def test_the_organizer_chooses_the_visibility_and_title(mw):
    submission = make_submission(mw.a, mw.future)
    handout = services.material_submission_accept(
        submission=submission,
        reviewer=mw.organizer,
        visibility=Visibility.STAFF,
        title="第二節講義",
    )
    assert handout.visibility == Visibility.STAFF and handout.title == "第二節講義"


def test_double_accept_is_refused(mw):
    submission = make_submission(mw.a, mw.future)
    services.material_submission_accept(submission=submission, reviewer=mw.organizer)
    other = make_user("org_2", roles.ORGANIZERS)
    with pytest.raises(ValidationError) as caught:
        services.material_submission_accept(submission=submission, reviewer=other)
    assert caught.value.code == "not_pending"
    with pytest.raises(ValidationError):
        services.material_submission_return(
            submission=submission, reviewer=other, comment="太晚了"
        )
    assert Handout.objects.count() == 1
    assert MaterialSubmission.objects.get().reviewed_by == mw.organizer


def test_return_requires_a_comment_which_the_lecturer_then_reads(mw, client):
    submission = make_submission(mw.a, mw.future)
    with pytest.raises(ValidationError) as caught:
        services.material_submission_return(
            submission=submission, reviewer=mw.organizer, comment="   "
        )
    assert codes(caught.value, "comment") == ["comment_required"]
    assert MaterialSubmission.objects.get().status == SubmissionStatus.SUBMITTED
    services.material_submission_return(
        submission=submission, reviewer=mw.organizer, comment="請補上資料來源。"
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.review_comment == "請補上資料來源。"
    assert submission.reviewed_by == mw.organizer
    client.force_login(mw.lect_a)
    page = client.get(reverse("lecturers:materials")).content.decode()
    assert "請補上資料來源。" in page and "badge-returned" in page


def test_the_lecturer_is_told_of_the_review_by_e_mail(mw):
    from portal.notifications.models import OutgoingEmail

    returned = make_submission(mw.a, mw.future, title="初稿")
    services.material_submission_return(
        submission=returned, reviewer=mw.organizer, comment="請補上資料來源。"
    )
    mail = OutgoingEmail.objects.get(template_key="material_returned")
    assert mail.to == "a@x.test"
    assert "初稿" in mail.subject and "請補上資料來源。" in mail.body
    accepted = make_submission(mw.a, mw.future, title="定稿")
    services.material_submission_accept(submission=accepted, reviewer=mw.organizer)
    mail = OutgoingEmail.objects.get(template_key="material_accepted")
    assert "定稿" in mail.subject


def test_a_lecturer_cannot_review_material(mw):
    submission = make_submission(mw.a, mw.future)
    with pytest.raises(PermissionDenied):
        services.material_submission_accept(submission=submission, reviewer=mw.lect_a)
    with pytest.raises(PermissionDenied):
        services.material_submission_return(
            submission=submission, reviewer=mw.lect_b, comment="不行"
        )


# Who reviews what ----------------------------------------------------------------


def test_review_scope_organizers_and_permitted_staff_only(mw):
    submission = make_submission(mw.a, mw.future)
    reviewable = lambda user: list(selectors.material_review_list(viewer=user))  # noqa: E731
    assert reviewable(mw.organizer) == [submission]
    editor = make_user("editor_m", roles.EDITORS)
    for user in (editor, mw.lect_a, mw.lect_b, mw.trainee):
        assert reviewable(user) == []
        assert not selectors.may_review_materials(user)
    editor.user_permissions.add(
        Permission.objects.get(codename="review_materialsubmission")
    )
    editor = type(editor).objects.get(pk=editor.pk)  # drop the permission cache
    assert reviewable(editor) == [submission]


def test_organizer_of_another_session_does_not_see_it(mw, monkeypatch):
    """Sessions have no organizer of their own yet (every organizer runs every
    session, ``access.session_filter``); the review follows that one rule, so
    an organizer limited to other sessions sees none of this material."""
    mine = make_submission(mw.a, mw.future)
    other = make_submission(mw.b, mw.b_only)
    monkeypatch.setattr(
        access,
        "session_filter",
        lambda queryset, viewer: queryset.filter(pk=mw.b_only.pk),
    )
    assert list(selectors.material_review_list(viewer=mw.organizer)) == [other]
    with pytest.raises(PermissionDenied):
        services.material_submission_accept(submission=mine, reviewer=mw.organizer)


def test_the_admin_review_screens(mw, client):
    submission = make_submission(mw.a, mw.future, title="待審講義")
    returned = make_submission(mw.a, mw.recent, title="要退回的講義")
    client.force_login(mw.organizer)
    index = client.get(reverse("lecturer_materials"))
    assert index.status_code == 200
    body = index.content.decode()
    assert "待審講義" in body and "要退回的講義" in body
    detail_url = reverse("lecturer_material", args=[returned.pk])
    response = client.post(detail_url, {"action": "return", "comment": ""})
    assert response.status_code == 400
    assert MaterialSubmission.objects.get(pk=returned.pk).status == "submitted"
    response = client.post(detail_url, {"action": "return", "comment": "格式不符"})
    assert response.status_code == 302
    assert MaterialSubmission.objects.get(pk=returned.pk).status == "returned"
    pending_url = reverse("lecturer_material", args=[submission.pk])
    body = client.get(reverse("lecturer_materials")).content.decode()
    assert pending_url in body and detail_url not in body  # waiting only
    body = client.get(reverse("lecturer_materials") + "?status=returned").content
    assert detail_url in body.decode() and pending_url not in body.decode()
    download = client.get(reverse("lecturer_material_download", args=[submission.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    response = client.post(
        reverse("lecturer_material", args=[submission.pk]),
        {"action": "accept", "title": "待審講義", "visibility": "public"},
    )
    assert response.status_code == 302
    handout = Handout.objects.get()
    assert handout.visibility == Visibility.PUBLIC
    assert handout.lecturer_id == mw.a.lecturer_id
    # The organizer may also download the file from the lecturer's site view.
    response = client.get(reverse("lecturers:material_download", args=[submission.pk]))
    assert response.status_code == 200


def test_staff_without_the_review_permission_are_kept_out_of_the_admin_screens(
    mw, client
):
    submission = make_submission(mw.a, mw.future)
    client.force_login(make_user("editor_x", roles.EDITORS))
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    response = client.get(reverse("lecturer_materials"))
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse("lecturer_materials")
    url = reverse("lecturer_material_download", args=[submission.pk])
    assert client.get(url).status_code in (302, 403)
    response = client.get(reverse("lecturers:material_download", args=[submission.pk]))
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_at_once_make_one_handout(catalog):
    from tests.factories.lecturers import make_lecturer_world

    if Collection.get_first_root_node() is None:
        # An earlier transactional test flushed the one Wagtail's migration made.
        Collection.add_root(name="Root")
    w = make_lecturer_world(catalog)
    submission = make_submission(w.a, w.future)
    reviewers = [w.organizer, make_user("org_race", roles.ORGANIZERS)]
    barrier = threading.Barrier(2)
    accepted, refused, errors = [], [], []

    def accept(reviewer):
        try:
            barrier.wait(timeout=10)
            services.material_submission_accept(
                submission=submission, reviewer=reviewer
            )
            accepted.append(reviewer)
        except ValidationError as error:
            refused.append(error.code)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(accepted) == 1 and refused == ["not_pending"]
    assert Handout.objects.count() == 1
    assert MaterialSubmission.objects.get().reviewed_by == accepted[0]
