"""The authorization API: a lecturer reads, signs, declines and withdraws their
own; staff read the register. Same services as the site."""

import base64
import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from portal.authorizations import services
from portal.authorizations.models import Authorization, Status
from portal.authorizations.sealing import seal_status
from tests.api.conftest import bearer
from tests.factories.authorizations import authorize
from tests.factories.handouts import make_handout
from tests.factories.lecturers import make_lecturer_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    w = make_lecturer_world(catalog)
    w.notes = make_handout(w.future.course, title="資安講義", session=w.future)
    w.notes.lecturer = w.a.lecturer
    w.notes.save()
    w.authorization = services.authorization_save(
        actor=w.organizer,
        authorization=Authorization(
            lecturer=w.a.lecturer, session=w.future, valid_from=w.today
        ),
        materials=[w.notes],
        scopes=["class", "licensing"],
    )
    services.authorization_send(
        authorization=w.authorization, actor=w.organizer, base_url=""
    )
    w.theirs = authorize(
        make_handout(w.future.course, title="乙講義", name="b.pdf"),
        lecturer=w.b.lecturer,
    )
    return w


def _png_url():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), "white").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_lecturer_reads_and_signs_through_the_api(w):
    client = bearer(APIClient(), w.lect_a)
    listing = client.get("/api/v1/me/authorizations/").json()
    assert [a["reference"] for a in listing["results"]] == [w.authorization.reference]
    detail = client.get(f"/api/v1/me/authorizations/{w.authorization.pk}/").json()
    assert detail["scopes"] == ["class", "licensing"]
    assert "資安講義" in detail["text"]
    url = f"/api/v1/me/authorizations/{w.authorization.pk}/sign/"
    refused = client.post(
        url,
        {"signer_name": "甲講座", "consent": True, "text_sha256": "0" * 64,
         "signature_png": _png_url()},
        format="json",
    )  # fmt: skip
    assert refused.status_code == 400
    signed = client.post(
        url,
        {"signer_name": "甲講座", "consent": True, "text_sha256": detail["text_sha256"],
         "signature_png": _png_url()},
        format="json",
    )  # fmt: skip
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "signed"
    assert signed.json()["has_document"] is True
    pdf = client.get(f"/api/v1/me/authorizations/{w.authorization.pk}/document/")
    assert pdf.status_code == 200
    assert seal_status(b"".join(pdf.streaming_content)).ok
    withdrawn = client.post(
        f"/api/v1/me/authorizations/{w.authorization.pk}/withdraw/", {}, format="json"
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_bad_signature_image_is_a_clear_400(w):
    client = bearer(APIClient(), w.lect_a)
    response = client.post(
        f"/api/v1/me/authorizations/{w.authorization.pk}/sign/",
        {"signer_name": "甲", "consent": True, "text_sha256": "0" * 64,
         "signature_png": "data:text/html;base64,PGgxPg=="},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "signature_png" in response.json()["error"]["fields"]


def test_a_lecturer_reaches_only_their_own(w):
    client = bearer(APIClient(), w.lect_b)
    assert [
        a["id"] for a in client.get("/api/v1/me/authorizations/").json()["results"]
    ] == [w.theirs.pk]
    for path in ("", "document/"):
        assert (
            client.get(
                f"/api/v1/me/authorizations/{w.authorization.pk}/{path}"
            ).status_code
            == 404
        )
    for path in ("sign/", "decline/", "withdraw/"):
        response = client.post(
            f"/api/v1/me/authorizations/{w.authorization.pk}/{path}", {}, format="json"
        )
        assert response.status_code == 404
    w.authorization.refresh_from_db()
    assert w.authorization.status == Status.PENDING


def test_the_register_for_staff(w):
    staff = bearer(APIClient(), w.organizer)
    body = staff.get("/api/v1/authorizations/", {"status": "pending"}).json()
    assert [a["id"] for a in body["results"]] == [w.authorization.pk]
    assert staff.get("/api/v1/authorizations/", {"status": "bogus"}).status_code == 400
    assert (
        staff.get(f"/api/v1/authorizations/{w.theirs.pk}/").json()["lecturer"]
        == "乙講座"
    )
    for user in (w.lect_a, w.trainee):
        assert (
            bearer(APIClient(), user).get("/api/v1/authorizations/").status_code == 403
        )
