"""Signed-in accounts without admin access get a page pointing to their own pages."""

import pytest

from portal.accounts import roles
from tests.factories.lecturers import make_profile
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

from .access_world import module_world

pytestmark = pytest.mark.django_db


def build_world():
    agencies = make_agencies()
    it = agencies["it"]
    lecturer = make_person("so_lect", it, roles.LECTURERS)
    make_profile("後台講座", user=lecturer.user)
    return {
        roles.TRAINEES: make_person("so_trainee", it, roles.TRAINEES).user,
        roles.LECTURERS: lecturer.user,
        roles.VOLUNTEERS: make_person("so_vol", it, roles.VOLUNTEERS).user,
        roles.LICENSEES: make_person("so_lic", it, roles.LICENSEES).user,
        roles.HR_OFFICERS: make_person(
            "so_hr", it, roles.HR_OFFICERS, hr_agency=it
        ).user,
        "no role": make_user("so_plain"),
    }


world = module_world(build_world)

# Role -> a link to that role's own pages the staff-only page must offer.
WITHOUT_ADMIN = {
    roles.TRAINEES: 'href="/my/classes/"',
    roles.LECTURERS: 'href="/lecturer/"',
    roles.VOLUNTEERS: 'href="/my/classes/"',
    roles.LICENSEES: 'href="/licenses/"',
    "no role": 'href="/my/hours/"',
}


@pytest.mark.parametrize("role", list(WITHOUT_ADMIN))
def test_an_account_without_admin_access_gets_the_staff_only_page(client, world, role):
    client.force_login(world[role])
    for url in ("/admin/", "/admin/pages/"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 403, (role, url)
        assert "管理後台僅供本學院工作人員使用" in html
        assert WITHOUT_ADMIN[role] in html
        # Not Wagtail's sign-in form with its English error.
        assert "You do not have permission to access the admin." not in html
        assert 'name="password"' not in html


def test_the_staff_only_page_offers_lecturer_links_only_to_lecturers(client, world):
    client.force_login(world[roles.TRAINEES])
    assert 'href="/lecturer/"' not in client.get("/admin/").content.decode()


def test_scripts_and_sign_in_pages_keep_wagtails_behaviour(client, world):
    client.force_login(world[roles.TRAINEES])
    xhr = client.get("/admin/", headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    assert "管理後台僅供本學院工作人員使用" not in xhr.content.decode()
    # Signing in as a staff account stays possible.
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200


def test_hr_officers_and_the_anonymous_are_unaffected(client, world):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(world[roles.HR_OFFICERS])
    assert client.get("/admin/").status_code == 200
