import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.handouts.models import Handout
from cms.handouts.validators import validate_handout_content
from portal.accounts import roles
from tests.factories.handouts import PDF_BYTES
from tests.factories.users import PASSWORD, make_user


def _zip(*names, **contents):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, contents.get(name, b"data"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notes.txt", b"<html><body onload=alert(1)></body></html>"),
        (
            "diagram.txt",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        ),
        ("slides.pptx", b"MZ\x90\x00\x03 this is a windows program"),
        ("data.csv", b"\x7fELF\x02\x01\x01 linux binary"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("bundle.zip", _zip("readme.txt", "setup.exe")),
        ("fake.docx", b"plain text pretending to be a Word file"),
    ],
)
def test_dangerous_or_mislabelled_content_is_refused(name, content):
    with pytest.raises(ValidationError):
        validate_handout_content(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", PDF_BYTES),
        ("roster.csv", "姓名,機關\n王小明,資訊局\n".encode()),
        ("bundle.zip", _zip("slides.pdf", "notes.txt", **{"slides.pdf": PDF_BYTES})),
    ],
)
def test_ordinary_files_pass(name, content):
    validate_handout_content(SimpleUploadedFile(name, content))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html></html>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("setup.exe", b"MZ\x90\x00"),
        ("notes.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_editor_upload_of_dangerous_file_is_refused_in_the_admin(client, name, content):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "惡意檔案",
            "file": SimpleUploadedFile(name, content),
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert not Handout.objects.exists()


@pytest.mark.django_db
def test_editor_uploads_a_pdf_handout_in_the_admin(client):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "課程講義",
            "file": SimpleUploadedFile("notes.pdf", PDF_BYTES),
            "visibility": "enrolled",
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    handout = Handout.objects.get()
    assert handout.visibility == "enrolled"
