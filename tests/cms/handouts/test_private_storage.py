"""Handout files live where no URL maps to them; only the checked views serve them."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.checks import run_checks
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from wagtail.models import UploadedFile

from cms.handouts.models import Handout, Visibility
from portal.accounts import roles
from tests.factories.catalog import make_course
from tests.factories.handouts import PDF_BYTES, make_handout
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

move_migration = importlib.import_module(
    "cms.handouts.migrations.0003_move_files_to_private_storage"
)


@pytest.fixture
def course(catalog):
    return make_course(catalog)


@pytest.fixture
def debug_media(settings):
    """The project's URLs as `make run` builds them (DEBUG serves /media/)."""
    import cms.urls

    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def _in(path, root) -> bool:
    return Path(root).resolve() in Path(path).resolve().parents


def test_an_uploaded_handout_lands_in_the_private_root_not_media(client, settings):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "課程講義",
            "file": SimpleUploadedFile("notes.pdf", PDF_BYTES),
            "visibility": "staff",
            "collection": 1,
        },
    )
    assert response.status_code == 302
    handout = Handout.objects.get()
    path = handout.file.path
    assert _in(path, settings.PRIVATE_MEDIA_ROOT)
    assert not _in(path, settings.MEDIA_ROOT)
    assert Path(path).read_bytes() == PDF_BYTES
    assert not (Path(settings.MEDIA_ROOT) / handout.file.name).exists()


def test_the_multiple_uploader_stores_straight_to_the_private_root(client, settings):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("notes.pdf", PDF_BYTES), "collection": 1},
    )
    assert response.json()["success"]
    # Not parked as a pending upload in MEDIA_ROOT/wagtail_uploads.
    assert not UploadedFile.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    handout = Handout.objects.get()
    assert handout.visibility == Visibility.STAFF  # until the editor says otherwise
    assert _in(handout.file.path, settings.PRIVATE_MEDIA_ROOT)


def test_a_private_file_has_no_url_of_its_own(course):
    handout = make_handout(course, visibility=Visibility.STAFF)
    with pytest.raises(NotImplementedError):
        handout.file.url  # noqa: B018
    assert handout.url == reverse(
        "wagtaildocs_serve", args=(handout.pk, handout.filename)
    )


def test_no_document_is_reachable_under_media(client, settings, course, debug_media):
    handout = make_handout(course, visibility=Visibility.STAFF)
    # A leftover copy in MEDIA_ROOT (as before the move) is not served either.
    leftover = Path(settings.MEDIA_ROOT) / "documents" / "leftover.pdf"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(PDF_BYTES)
    image = Path(settings.MEDIA_ROOT) / "original_images" / "logo.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(PNG_BYTES)
    # The development media route is live: images are served...
    response = client.get("/media/original_images/logo.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    # ...documents are not, by any path.
    for url in (
        f"/media/{handout.file.name}",
        "/media/documents/leftover.pdf",
        "/media/images/../documents/leftover.pdf",
        "/media/original_images/%2e%2e/documents/leftover.pdf",
        "/media/wagtail_uploads/leftover.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_the_serve_view_reads_the_private_file_for_those_allowed(client, course):
    handout = make_handout(course, visibility=Visibility.STAFF)
    assert client.get(handout.url).status_code == 404
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    response = client.get(handout.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_api_download_reads_the_private_file(client, course):
    handout = make_handout(course, visibility=Visibility.PUBLIC)
    response = client.get(reverse("api:handout-download", args=[handout.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_data_migration_moves_files_out_of_media_and_back(settings, course):
    handout = make_handout(course, visibility=Visibility.ENROLLED)
    name = handout.file.name
    # As stored before this change: in the default storage under MEDIA_ROOT.
    storages["private"].delete(name)
    storages["default"].save(name, SimpleUploadedFile("x", PDF_BYTES))
    untouched = make_handout(course, name="already.pdf")  # already private

    assert move_migration.move_files(django_apps, "default", "private") == 1
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).read_bytes() == PDF_BYTES
    handout.refresh_from_db()
    assert handout.file.name == name
    assert handout.file.read() == PDF_BYTES
    assert storages["private"].exists(untouched.file.name)

    # Idempotent: a second run moves nothing and loses nothing.
    assert move_migration.move_files(django_apps, "default", "private") == 0
    assert storages["private"].exists(name)

    # Backwards: the files go back where they were.
    assert move_migration.move_files(django_apps, "private", "default") == 2
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == PDF_BYTES
    assert not storages["private"].exists(name)


def test_the_data_migration_finishes_an_interrupted_move(settings, course):
    handout = make_handout(course)
    name = handout.file.name
    storages["default"].save(name, SimpleUploadedFile("x", PDF_BYTES))  # both
    assert move_migration.move_files(django_apps, "default", "private") == 0
    assert not storages["default"].exists(name)
    assert storages["private"].open(name).read() == PDF_BYTES


def test_a_name_taken_in_the_private_root_gets_a_new_name(settings, course):
    handout = make_handout(course)
    name = handout.file.name
    storages["default"].save(name, SimpleUploadedFile("x", PDF_BYTES + b"%new"))
    assert move_migration.move_files(django_apps, "default", "private") == 1
    handout.refresh_from_db()
    assert handout.file.name != name
    assert handout.file.read() == PDF_BYTES + b"%new"
    assert storages["private"].open(name).read() == PDF_BYTES


def _check_ids():
    return {message.id for message in run_checks()}


def test_system_checks_refuse_a_private_root_inside_media(settings, tmp_path):
    assert not {"handouts.E001", "handouts.E002"} & _check_ids()
    with override_settings(
        MEDIA_ROOT=tmp_path, PRIVATE_MEDIA_ROOT=tmp_path / "private"
    ):
        assert "handouts.E002" in _check_ids()
    with override_settings(WAGTAILDOCS_SERVE_METHOD="direct"):
        assert "handouts.E001" in _check_ids()
