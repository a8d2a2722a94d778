"""The 上傳檔 page and the API: preview, create, download (logged), import the
portal's result, and the scope of each face."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from portal.accounts.models import IdentityDisclosure
from portal.hour_uploads.models import RowStatus, UploadBatch
from tests.factories.hour_uploads import make_upload_world

pytestmark = pytest.mark.django_db

CHOICE = {"profile": "lifelong@2026.1", "year": "2026"}


@pytest.fixture
def w(catalog):
    return make_upload_world(catalog)


def test_the_page_previews_counts_and_problems_then_creates_the_batch(client, w):
    client.force_login(w.hr.user)
    url = reverse("hour_uploads:index")
    preview = client.get(url, CHOICE)
    assert preview.status_code == 200
    assert len(preview.context["preview"].lines) == 5  # 王小明 4 classes, 李大同 1
    html = preview.content.decode()
    assert "No national ID on file." in html or "未登錄身分證" in html
    assert not UploadBatch.objects.exists()

    created = client.post(url, CHOICE)
    batch = UploadBatch.objects.get()
    assert created["Location"] == reverse("hour_uploads:detail", args=[batch.pk])
    detail = client.get(created["Location"])
    assert detail.status_code == 200 and "王小明" in detail.content.decode()


def test_a_bad_choice_keeps_the_form_and_never_fails(client, w):
    client.force_login(w.hr.user)
    page = client.get(reverse("hour_uploads:index"), {"profile": "x", "year": "abc"})
    assert page.status_code == 200 and page.context["form"].errors
    assert page.context["form"]["profile"].value() == "x"
    refused = client.post(reverse("hour_uploads:index"), {**CHOICE, "year": "2020"})
    assert refused.status_code == 200 and not UploadBatch.objects.exists()


def test_downloading_from_the_page_gives_big5_and_logs_it(client, w):
    client.force_login(w.hr.user)
    client.post(reverse("hour_uploads:index"), CHOICE)
    batch = UploadBatch.objects.get()
    response = client.post(reverse("hour_uploads:download", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=big5"
    assert response["Cache-Control"] == "no-store"
    assert w.ids["王小明"] in response.content.decode("cp950")
    assert IdentityDisclosure.objects.get().count == 2
    # A GET (a prefetch, a crawler) discloses nothing.
    assert (
        client.get(reverse("hour_uploads:download", args=[batch.pk])).status_code == 405
    )
    assert IdentityDisclosure.objects.count() == 1


def test_another_agency_and_a_trainee_cannot_open_the_batch(client, w):
    client.force_login(w.hr.user)
    client.post(reverse("hour_uploads:index"), CHOICE)
    batch = UploadBatch.objects.get()
    for user in (w.hr_edu.user, w.people["王小明"].user):
        client.force_login(user)
        assert (
            client.get(reverse("hour_uploads:detail", args=[batch.pk])).status_code
            == 404
        )
        assert (
            client.post(reverse("hour_uploads:download", args=[batch.pk])).status_code
            == 404
        )
    assert not IdentityDisclosure.objects.exists()


def test_the_result_file_is_imported_from_the_page(client, w):
    client.force_login(w.hr.user)
    client.post(reverse("hour_uploads:index"), CHOICE)
    batch = UploadBatch.objects.get()
    content = (
        "身分證字號,課程代碼,期別,上傳結果,錯誤訊息\r\n"
        f"{w.ids['王小明']},B00492,2,成功,\r\n"
        f"{w.ids['李大同']},B00492,2,失敗,查無此人\r\n"
    ).encode("cp950")
    url = reverse("hour_uploads:detail", args=[batch.pk])
    page = client.post(url, {"file": SimpleUploadedFile("r.csv", content)})
    assert page.status_code == 200 and page.context["report"].refused == 1
    assert "查無此人" in page.content.decode()
    bad = client.post(url, {"file": SimpleUploadedFile("r.csv", b"nonsense")})
    assert bad.status_code == 200 and bad.context["form"].errors
    statuses = dict(
        batch.rows.filter(record__session__code="B00492").values_list(
            "person__name", "status"
        )
    )
    assert statuses == {"王小明": RowStatus.ACCEPTED, "李大同": RowStatus.REFUSED}


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_previews_creates_downloads_and_imports(w):
    api = _api(w.hr.user)
    preview = api.get("/api/v1/hour-uploads/preview/", CHOICE)
    assert preview.status_code == 200 and preview.json()["rows"] == 5
    created = api.post(
        "/api/v1/hour-uploads/", {"profile": "lifelong@2026.1", "year": 2026},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["row_count"] == 5
    rows = api.get(f"/api/v1/hour-uploads/{pk}/rows/").json()
    assert rows["count"] == 5 and rows["results"][0]["status"] == "pending"
    download = api.post(f"/api/v1/hour-uploads/{pk}/download/")
    assert download.status_code == 200
    assert w.ids["李大同"] in download.content.decode("cp950")
    result = io.BytesIO(
        f"身分證字號,課程代碼,期別,上傳結果\r\n{w.ids['李大同']},B00492,2,成功\r\n".encode(
            "cp950"
        )
    )
    result.name = "r.csv"
    report = api.post(
        f"/api/v1/hour-uploads/{pk}/result/", {"file": result}, format="multipart"
    )
    assert report.status_code == 200 and report.json()["accepted"] == 1
    assert api.get(f"/api/v1/hour-uploads/{pk}/").json()["accepted"] == 1
    assert _api(w.hr_edu.user).get(f"/api/v1/hour-uploads/{pk}/").status_code == 404


def test_the_api_refuses_bad_input_with_400(w):
    api = _api(w.staff)
    assert api.get("/api/v1/hour-uploads/preview/", {"profile": "x"}).status_code == 400
    assert (
        api.get(
            "/api/v1/hour-uploads/preview/", {**CHOICE, "sessions": "1,abc"}
        ).status_code
        == 400
    )
    empty = api.post(
        "/api/v1/hour-uploads/", {"profile": "lifelong@2026.1", "year": 2020},
        format="json",
    )  # fmt: skip
    assert empty.status_code == 400
    assert _api(w.people["王小明"].user).get("/api/v1/hour-uploads/").status_code == 403
