"""The trainee sees the online part's state on her classes; organizers see who
has not finished it (admin list, Excel, API) and upload files; nobody else."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from portal.elearning.models import CompletionImport, ImportStatus
from portal.records import services as records_services
from tests.factories.elearning import csv_bytes, make_elearning_world, stamp, upload
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    return make_elearning_world(catalog)


def test_my_classes_and_the_class_day_show_the_online_part_and_its_link(w, client):
    client.force_login(w.alice.user)
    html = client.get(reverse("portal:my_classes")).content.decode()
    assert html.count('class="online-part"') == 2
    assert "https://elearning.example.test/course/77" in html
    assert "badge-warning" in html and "badge-success" not in html

    finished = records_services.record_online_complete(
        enrolment=w.alice_blended, actor=None
    )
    html = client.get(reverse("portal:my_classes")).content.decode()
    assert "badge-success" in html
    assert finished.online_completed_at.strftime("%Y-%m-%d") in html
    day = client.get(reverse("classday:day", args=[w.blended.pk])).content.decode()
    assert 'id="online-part-heading"' in day and "badge-success" in day


def test_the_organizers_list_shows_who_has_not_finished_with_an_excel_export(w, client):
    records_services.record_online_complete(enrolment=w.alice_blended, actor=None)
    client.force_login(w.organizer)
    url = reverse("elearning_unfinished", args=[w.blended.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert [e.pk for e in response.context["rows"]] == [w.bob_blended.pk]
    export = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "教育乙" and len(rows) == 2
    roster = client.get(reverse("session_roster", args=[w.blended.pk]))
    assert url in roster.content.decode()


@pytest.mark.parametrize("who", ["hr", "trainee", "editor"])
def test_nobody_but_organizers_sees_the_unfinished_list(w, client, who):
    user = {"hr": w.hr.user, "trainee": w.alice.user, "editor": w.editor}[who]
    client.force_login(user)
    response = client.get(reverse("elearning_unfinished", args=[w.blended.pk]))
    assert response.status_code in (302, 403, 404)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(
        f"/api/v1/sessions/{w.blended.pk}/online-unfinished/"
    ).status_code in (403, 404)


def test_the_api_lists_who_has_not_finished_for_organizers(w):
    records_services.record_online_complete(enrolment=w.bob_online, actor=None)
    api = APIClient()
    api.force_authenticate(w.organizer)
    data = api.get(f"/api/v1/sessions/{w.online.pk}/online-unfinished/").json()
    assert [row["enrolment_id"] for row in data] == [w.alice_online.pk]
    assert data[0]["employee_number"] == "E1001"
    assert data[0]["online_hours"] == "2.0"
    assert (
        APIClient()
        .get(f"/api/v1/sessions/{w.online.pk}/online-unfinished/")
        .status_code
        == 401
    )


def test_an_organizer_uploads_checks_and_applies_a_file_in_the_admin(w, client):
    client.force_login(w.organizer)
    index = reverse("elearning_imports")
    response = client.post(
        index,
        {
            "file": upload(
                csv_bytes(
                    ("77", "el_alice", "", "", stamp()),
                    ("77", "ghost", "", "", stamp()),
                )
            )
        },  # fmt: skip
    )
    batch = CompletionImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "elearning_import", args=[batch.pk]
    )
    review = client.get(response["Location"])
    assert review.context["counts"] == {
        "total": 2,
        "recorded": 1,
        "unchanged": 0,
        "skipped": 1,
    }
    client.post(response["Location"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    w.alice_blended.refresh_from_db()
    assert w.alice_blended.record.online_completed_at is not None
    assert client.get(index).status_code == 200


def test_a_malformed_upload_is_refused_on_the_form_and_changes_nothing(w, client):
    client.login(username="el_org", password=PASSWORD)
    response = client.post(
        reverse("elearning_imports"),
        {"file": upload(csv_bytes(("77", "el_alice", "", "", "not a date")))},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert CompletionImport.objects.get().status == ImportStatus.REFUSED


@pytest.mark.parametrize("who", ["hr", "trainee", "editor"])
def test_only_organizers_import(w, client, who):
    user = {"hr": w.hr.user, "trainee": w.alice.user, "editor": w.editor}[who]
    client.force_login(user)
    response = client.post(
        reverse("elearning_imports"),
        {"file": upload(csv_bytes(("77", "el_alice", "", "", stamp())))},
    )
    assert response.status_code in (302, 403)
    assert not CompletionImport.objects.exists()
