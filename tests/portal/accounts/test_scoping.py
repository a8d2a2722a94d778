"""hr_a never sees hr_b's agency, a trainee sees only their own: on every face."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.users import PASSWORD
from tests.factories.world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalog):
    return make_world(catalog)


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)


# Admin listing ----------------------------------------------------------------


def test_hr_a_admin_people_listing_shows_only_their_agency(client, world):
    _login(client, "hr_a")
    html = client.get(reverse("people:index")).content.decode()
    assert "資訊甲" in html
    assert "教育乙" not in html


def test_hr_a_admin_enrolment_listing_shows_only_their_agency(client, world):
    _login(client, "hr_a")
    response = client.get(reverse("enrolments:index"))
    shown = {e.pk for e in response.context["object_list"]}
    assert shown == {world.enrolments["alice"].pk}


def test_hr_a_guessing_another_agency_object_in_the_admin_gets_404(client, world):
    _login(client, "hr_a")
    assert client.get(reverse("people:inspect", args=[world.bob.pk])).status_code == 404
    assert (
        client.get(reverse("people:inspect", args=[world.alice.pk])).status_code == 200
    )
    bob_enrolment = world.enrolments["bob"].pk
    assert (
        client.get(reverse("enrolments:inspect", args=[bob_enrolment])).status_code
        == 404
    )


def test_organizer_admin_sees_every_agency(client, world):
    _login(client, "organizer")
    html = client.get(reverse("people:index")).content.decode()
    assert "資訊甲" in html and "教育乙" in html


def test_hr_a_cannot_read_other_agencies_in_wagtail_reports(client, world):
    from wagtail.log_actions import log

    log(world.bob, "wagtail.edit", user=world.organizer)
    _login(client, "hr_a")
    url = reverse("wagtailadmin_reports:site_history")
    assert client.get(url).status_code == 403
    assert client.get(url, {"export": "csv"}).status_code == 403
    assert client.get(reverse("people:history", args=[world.bob.pk])).status_code == 403


def test_moderator_is_not_staff_on_any_face(client, world):
    from portal.accounts.roles import MODERATORS
    from tests.factories.people import make_person

    make_person("mod", world.agencies["it"], MODERATORS)
    _login(client, "mod")
    assert client.get(reverse("portal:agency_enrolments")).status_code == 404
    assert (
        client.get(reverse("portal:person_detail", args=[world.bob.pk])).status_code
        == 404
    )
    assert client.get(reverse("people:index")).status_code == 403
    assert client.get("/api/v1/agency/people/").status_code == 403
    assert client.get(world.staff_only.url).status_code == 404


def test_trainee_has_no_admin(client, world):
    _login(client, "alice")
    response = client.get(reverse("people:index"))
    # The page for accounts without admin access, not the admin's login.
    assert response.status_code == 403
    assert "accounts/staff_only.html" in [t.name for t in response.templates]


# Site pages ---------------------------------------------------------------------


def test_hr_pages_show_only_their_agency(client, world):
    _login(client, "hr_b")
    html = client.get(
        reverse("portal:agency_enrolments"), {"year": world.year}
    ).content.decode()
    assert "教育乙" in html and "資訊甲" not in html
    html = client.get(
        reverse("portal:agency_hours"), {"year": world.year}
    ).content.decode()
    assert "教育乙" in html and "資訊甲" not in html


def test_hr_guessing_another_agency_person_or_enrolment_gets_404(client, world):
    _login(client, "hr_a")
    assert (
        client.get(reverse("portal:person_detail", args=[world.bob.pk])).status_code
        == 404
    )
    bob_enrolment = world.enrolments["bob"].pk
    assert (
        client.get(reverse("portal:substitute", args=[bob_enrolment])).status_code
        == 404
    )
    assert (
        client.post(reverse("portal:withdraw", args=[bob_enrolment])).status_code == 404
    )


def test_trainee_sees_only_their_own_classes(client, world):
    _login(client, "alice")
    response = client.get(reverse("portal:my_classes"))
    listed = {e.pk for e in response.context["upcoming"] + response.context["past"]}
    assert listed == {world.enrolments["alice"].pk}


def test_trainee_guessing_another_enrolment_gets_404(client, world):
    _login(client, "alice")
    bob_enrolment = world.enrolments["bob"].pk
    assert (
        client.post(reverse("portal:withdraw", args=[bob_enrolment])).status_code == 404
    )
    assert (
        client.get(reverse("portal:person_detail", args=[world.bob.pk])).status_code
        == 404
    )


def test_trainee_cannot_open_hr_pages(client, world):
    _login(client, "alice")
    assert client.get(reverse("portal:agency_enrolments")).status_code == 404
    assert client.get(reverse("portal:agency_hours")).status_code == 404


# Exports ----------------------------------------------------------------------


def _xlsx_names(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_hr_exports_hold_only_their_agency(client, world):
    _login(client, "hr_a")
    response = client.get(
        reverse("portal:agency_enrolments"), {"year": world.year, "format": "xlsx"}
    )
    assert _xlsx_names(response) == {"資訊甲"}
    response = client.get(
        reverse("portal:agency_hours"), {"year": world.year, "format": "xlsx"}
    )
    assert "資訊甲" in _xlsx_names(response) and "教育乙" not in _xlsx_names(response)
    response = client.get(
        reverse("portal:agency_hours"), {"year": world.year, "format": "lifelong"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["employee_number", "national_id_masked", "name"]
    assert [r[2] for r in rows[1:]] == ["資訊甲"]


def test_exports_never_hold_a_clear_national_id(client, world):
    _login(client, "organizer")
    response = client.get(
        reverse("portal:agency_hours"), {"year": world.year, "format": "lifelong"}
    )
    body = response.content.decode("utf-8-sig")
    assert world.alice.national_id_masked in body
    assert "****" in body


def test_organizer_sees_the_enrolment_history_in_the_admin(client, world):
    _login(client, "organizer")
    enrolment = world.enrolments["alice"]
    response = client.get(reverse("enrolments:inspect", args=[enrolment.pk]))
    assert response.status_code == 200
    assert "→" in response.content.decode()
