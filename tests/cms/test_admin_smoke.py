import pytest
from django.urls import reverse

from portal.accounts import roles
from tests.factories.catalog import make_course, make_session, make_venue
from tests.factories.handouts import make_handout
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(catalog):
    return make_session(make_course(catalog), venue=make_venue(), timetable=2)


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_catalog_session:list",
        "wagtailsnippets_catalog_session:add",
        "wagtailsnippets_catalog_venue:list",
        "wagtailsnippets_catalog_lecturer:list",
    ],
)
def test_organizer_reaches_the_session_screens(client, session, url_name):
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    assert client.get(reverse(url_name)).status_code == 200


def test_organizer_edits_a_session(client, session):
    make_user("organizer", roles.ORGANIZERS)
    client.login(username="organizer", password=PASSWORD)
    url = reverse("wagtailsnippets_catalog_session:edit", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert session.code in response.content.decode()


def test_editor_reaches_handouts_with_choosers(client, catalog, session):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    handout = make_handout(session.course, session=session)
    assert client.get(reverse("wagtaildocs:index")).status_code == 200
    response = client.get(reverse("wagtaildocs:edit", args=[handout.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="session"' in html and 'name="course"' in html
    assert '<select name="session"' not in html
    assert '<select name="course"' not in html


def test_trainee_cannot_enter_the_admin(client):
    make_user("trainee", roles.TRAINEES)
    client.login(username="trainee", password=PASSWORD)
    response = client.get("/admin/")
    # The staff-only page (portal.accounts.middleware), not the admin.
    assert response.status_code == 403
    assert "wagtail-sidebar" not in response.content.decode()


@pytest.mark.parametrize(
    "viewset",
    ["enrolments", "training_records", "outgoing_emails", "recommendation_report"],
)
def test_rows_made_by_services_have_no_add_form_even_for_superusers(client, viewset):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.test", "x")
    client.force_login(admin)
    assert client.get(reverse(f"{viewset}:index")).status_code == 200
    response = client.get(reverse(f"{viewset}:add"))
    assert response.status_code == 302  # Wagtail's "permission denied" redirect
    assert response.url == reverse("wagtailadmin_home")
