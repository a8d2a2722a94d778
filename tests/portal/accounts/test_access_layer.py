"""The one access layer: who is who, what each kind of row each role may see,
Wagtail's own reports closed to non-staff, and organizers uploading handouts."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from wagtail.models import Collection, GroupCollectionPermission

from cms.core.context_processors import viewer
from cms.handouts import selectors as handout_selectors
from cms.handouts.models import Handout, Visibility
from portal.accounts import access, roles
from portal.accounts.roles import ensure_role_groups
from portal.accounts.selectors import Scope, person_list, scope_filter, viewer_scope
from portal.classday import selectors as classday_selectors
from portal.classday.models import LeaveRequest
from portal.licensing import selectors as licensing_selectors
from portal.licensing.models import LicenseApplication
from tests.factories.catalog import make_session, make_site
from tests.factories.handouts import PDF_BYTES
from tests.factories.people import make_person
from tests.factories.users import PASSWORD, make_user
from tests.factories.world import make_world

from .access_world import module_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def build_world():
    _home, catalog = make_site()
    w = make_world(catalog)
    it, edu = w.agencies["it"], w.agencies["edu"]
    w.moderator = make_person("mod", it, roles.MODERATORS)
    w.licensee = make_person("lic", it, roles.LICENSEES)
    w.licensee_unit = make_person("lic_unit", w.agencies["it_unit"], roles.LICENSEES)
    w.licensee_b = make_person("lic_b", edu, roles.LICENSEES)
    w.lecturer = make_person("lect", edu, roles.LECTURERS)
    w.volunteer = make_person("vol", edu, roles.VOLUNTEERS)
    w.editor = make_user("editor", roles.EDITORS)
    w.superuser = get_user_model().objects.create_superuser(
        "root", "root@example.test", PASSWORD
    )
    return w


world = module_world(build_world)


def _user(world, role):
    return {
        "anonymous": AnonymousUser(),
        "trainee": world.alice.user,
        "hr": world.hr_a.user,
        "moderator": world.moderator.user,
        "licensee": world.licensee.user,
        "lecturer": world.lecturer.user,
        "volunteer": world.volunteer.user,
        "organizer": world.organizer,
        "editor": world.editor,
        "superuser": world.superuser,
    }[role]


# Who is who --------------------------------------------------------------------

PREDICATES = {
    # role: (staff, organizer, hr officer, licensee, lecturer, volunteer, trainee)
    "anonymous": (False, False, False, False, False, False, False),
    "trainee": (False, False, False, False, False, False, True),
    "hr": (False, False, True, False, False, False, False),
    "moderator": (False, False, False, False, False, False, False),
    "licensee": (False, False, False, True, False, False, False),
    "lecturer": (False, False, False, False, True, False, False),
    "volunteer": (False, False, False, False, False, True, False),
    "organizer": (True, True, False, False, False, False, False),
    "editor": (True, False, False, False, False, False, False),
    "superuser": (True, True, False, False, False, False, False),
}


@pytest.mark.parametrize("role", PREDICATES)
def test_each_role_is_recognised_by_its_group(world, role):
    user = _user(world, role)
    got = (
        access.is_institute_staff(user),
        access.is_organizer(user),
        access.is_hr_officer(user),
        access.is_licensee(user),
        access.is_lecturer(user),
        access.is_volunteer(user),
        access.is_trainee(user),
    )
    assert got == PREDICATES[role]


def test_moderator_is_not_staff_though_they_hold_the_handouts_permission(world):
    moderator = world.moderator.user
    assert moderator.has_perm("handouts.view_restricted_handout")
    assert not access.is_institute_staff(moderator)
    assert viewer_scope(moderator).kind == Scope.SELF
    assert list(person_list(viewer=moderator)) == [world.moderator]


def test_an_inactive_editor_is_nobody(world):
    editor = get_user_model().objects.get(pk=world.editor.pk)
    editor.is_active = False
    assert not access.is_institute_staff(editor)
    assert viewer_scope(editor).kind == Scope.NONE


def test_hr_group_without_an_agency_or_agency_without_the_group_is_self(world):
    lone = make_person("hr_lone", world.agencies["it"], roles.HR_OFFICERS)
    assert viewer_scope(lone.user).kind == Scope.SELF
    named = make_person(
        "not_hr", world.agencies["it"], hr_agency=world.agencies["it"]
    )  # a trainee whose profile names an agency, without the role
    assert viewer_scope(named.user).kind == Scope.SELF


def test_superuser_never_counts_as_a_licensee(world):
    make_person("root_person", world.agencies["it"], roles.LICENSEES)
    assert not access.is_licensee(world.superuser)


# Scopes -----------------------------------------------------------------------


def test_hr_officer_sees_their_agency_and_its_units_only(world):
    names = set(person_list(viewer=world.hr_a.user).values_list("name", flat=True))
    assert "資訊甲" in names  # alice, in a unit of the HR officer's agency
    assert "教育乙" not in names
    assert world.licensee_b.name not in names


@pytest.mark.parametrize("role", ["trainee", "moderator", "licensee", "lecturer"])
def test_other_roles_see_only_themselves_among_people(world, role):
    user = _user(world, role)
    assert {p.user_id for p in person_list(viewer=user)} == {user.pk}


def test_anonymous_sees_nobody(world):
    assert not person_list(viewer=AnonymousUser()).exists()


def _application(person, reference):
    today = timezone.localdate()
    return LicenseApplication.objects.create(
        reference=reference, applicant=person.user, agency=person.agency,
        purpose="訓練", audience="同仁", period_start=today,
        period_end=today + datetime.timedelta(days=10), users_count=3,
        terms_accepted_at=timezone.now(),
    )  # fmt: skip


def test_licensee_sees_their_agency_and_units_applications(world):
    own = _application(world.licensee, "L2026-00001")
    unit = _application(world.licensee_unit, "L2026-00002")
    other = _application(world.licensee_b, "L2026-00003")
    seen = set(licensing_selectors.application_list(viewer=world.licensee.user))
    assert seen == {own, unit}
    # The unit's licensee does not see its parent agency's applications.
    assert set(
        licensing_selectors.application_list(viewer=world.licensee_unit.user)
    ) == {unit}
    assert set(licensing_selectors.application_list(viewer=world.editor)) == {
        own,
        unit,
        other,
    }
    for role in ("trainee", "hr", "moderator", "anonymous"):
        assert not licensing_selectors.application_list(viewer=_user(world, role))


def test_scope_filter_kinds_differ_for_one_user(world):
    """A licensee is SELF among people but their agency among applications."""
    user = world.licensee.user
    assert viewer_scope(user, kind=access.PEOPLE).kind == Scope.SELF
    scope = viewer_scope(user, kind=access.LICENSING)
    assert scope.kind == Scope.AGENCY
    assert scope.agency_path == world.agencies["it"].path
    assert viewer_scope(user, kind=access.SESSIONS).kind == Scope.NONE
    assert viewer_scope(world.organizer, kind=access.SESSIONS).kind == Scope.ALL
    assert viewer_scope(world.editor, kind=access.SESSIONS).kind == Scope.NONE
    assert scope_filter(
        LicenseApplication.objects.all(), AnonymousUser(), kind=access.LICENSING
    ).query.is_empty()


def test_organizer_lookups_are_tied_to_the_session(world):
    leave = LeaveRequest.objects.create(
        enrolment=world.enrolments["alice"], date=world.session.start_date, reason="x"
    )
    assert classday_selectors.leave_get(viewer=world.organizer, pk=leave.pk) == leave
    assert (
        classday_selectors.session_for_organizer(
            viewer=world.organizer, session_id=world.session.pk
        )
        == world.session
    )
    other = make_session(world.course)
    with pytest.raises(Http404):  # the leave belongs to another session
        classday_selectors.leave_get(viewer=world.organizer, session=other, pk=leave.pk)
    for user in (world.alice.user, world.hr_a.user, world.editor):
        with pytest.raises(Http404):
            classday_selectors.leave_get(viewer=user, pk=leave.pk)
        with pytest.raises(Http404):
            classday_selectors.session_for_organizer(
                viewer=user, session_id=world.session.pk
            )


def test_moderator_does_not_see_staff_only_handouts(world):
    listed = {
        item.handout
        for item in handout_selectors.handout_list_for_course(
            user=world.moderator.user, course=world.course
        )
    }
    assert world.staff_only not in listed
    assert (
        handout_selectors.handout_access(
            user=world.moderator.user, handout=world.staff_only
        )
        == handout_selectors.Access.HIDDEN
    )
    assert (
        handout_selectors.handout_access(user=world.editor, handout=world.staff_only)
        == handout_selectors.Access.ALLOWED
    )


def test_header_offers_agency_pages_and_licensing_by_role(world):
    def role_of(user):
        request = RequestFactory().get("/")
        request.user = user
        shown = viewer(request)["viewer_role"]
        return shown["agency_pages"], shown["licensee"]

    assert role_of(world.hr_a.user) == (True, False)
    assert role_of(world.moderator.user) == (False, False)
    assert role_of(world.licensee.user) == (False, True)
    assert role_of(world.organizer) == (True, False)
    assert role_of(AnonymousUser()) == (False, False)


# API: personal data stays scoped ---------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_hr_officer_api_lists_only_their_agency(world):
    api = _api(world.hr_a.user)
    people = api.get("/api/v1/agency/people/").json()["results"]
    assert {p["name"] for p in people} >= {"資訊甲"}
    assert "教育乙" not in {p["name"] for p in people}
    assert api.get(f"/api/v1/agency/people/{world.bob.pk}/").status_code == 404
    enrolments = api.get("/api/v1/agency/enrolments/").json()["results"]
    assert {e["id"] for e in enrolments} == {world.enrolments["alice"].pk}
    records = api.get("/api/v1/records/").json()["results"]
    assert records and all(r["id"] != world.enrolments["bob"].pk for r in records)


def test_moderator_is_not_staff_in_the_api(world):
    api = _api(world.moderator.user)
    assert api.get("/api/v1/me/").json()["scope"] == Scope.SELF
    assert api.get("/api/v1/agency/people/").status_code == 403
    assert api.get(f"/api/v1/agency/people/{world.alice.pk}/").status_code == 403
    assert api.get(f"/api/v1/handouts/{world.staff_only.pk}/download/").status_code in (
        403,
        404,
    )


# The Wagtail admin ------------------------------------------------------------------

CLOSED_TO_NON_STAFF = [
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_pages:search",
    "wagtailadmin_workflows:index",
    "wagtailadmin_workflows:task_index",
]


@pytest.mark.parametrize("username", ["hr_a", "mod"])
@pytest.mark.parametrize("url_name", CLOSED_TO_NON_STAFF)
def test_wagtail_reports_and_search_are_closed_to_non_staff(
    client, world, username, url_name
):
    client.login(username=username, password=PASSWORD)
    assert client.get(reverse(url_name)).status_code == 403


def test_site_history_export_does_not_leak_other_agencies(client, world):
    from wagtail.log_actions import log

    log(world.bob, "wagtail.edit", user=world.organizer)
    url = reverse("wagtailadmin_reports:site_history")
    client.login(username="hr_a", password=PASSWORD)
    for export in ("csv", "xlsx"):
        assert client.get(url, {"export": export}).status_code == 403
    assert client.get(reverse("people:history", args=[world.bob.pk])).status_code == 403
    client.login(username="organizer", password=PASSWORD)
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "教育乙" in body.decode("utf-8-sig")  # staff see every agency


def test_hr_officer_keeps_their_people_listings(client, world):
    client.login(username="hr_a", password=PASSWORD)
    for name in ("people:index", "enrolments:index", "training_records:index"):
        assert client.get(reverse(name)).status_code == 200
    assert (
        client.get(reverse("people:inspect", args=[world.alice.pk])).status_code == 200
    )
    assert client.get(reverse("people:inspect", args=[world.bob.pk])).status_code == 404


def test_admin_menu_shows_non_staff_only_what_they_may_open(client, world):
    site_history = reverse("wagtailadmin_reports:site_history")
    client.login(username="hr_a", password=PASSWORD)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("people:index") in html
    assert site_history not in html
    assert reverse("wagtailadmin_reports:aging_pages") not in html
    client.login(username="mod", password=PASSWORD)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert site_history not in html
    assert reverse("wagtailadmin_explore_root") in html
    client.login(username="editor", password=PASSWORD)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert site_history in html


def test_moderator_still_edits_pages(client, world):
    client.login(username="mod", password=PASSWORD)
    url = reverse("wagtailadmin_pages:edit", args=[world.course.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("people:index")).status_code == 403


# Organizers upload handouts -------------------------------------------------------------


def _collection_grants(group_name):
    return set(
        GroupCollectionPermission.objects.filter(
            group__name=group_name, collection=Collection.get_first_root_node()
        ).values_list("permission__codename", flat=True)
    )


def test_migrate_grants_organizers_and_editors_document_permissions():
    """Nothing but ``migrate`` ran (and ensure_role_groups again: idempotent)."""
    wanted = {"add_document", "change_document", "choose_document"}
    for name in (roles.ORGANIZERS, roles.EDITORS):
        assert wanted <= _collection_grants(name)
    before = GroupCollectionPermission.objects.count()
    ensure_role_groups()
    ensure_role_groups()
    assert GroupCollectionPermission.objects.count() == before
    assert not _collection_grants(roles.HR_OFFICERS)
    assert Group.objects.get(name=roles.ORGANIZERS)


def test_organizer_uploads_a_handout_in_the_admin(client, world):
    client.login(username="organizer", password=PASSWORD)
    url = reverse("wagtaildocs:add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "第二週講義",
            "file": SimpleUploadedFile(
                "week2.pdf", PDF_BYTES, content_type="application/pdf"
            ),
            "collection": Collection.get_first_root_node().pk,
            "course": world.course.pk,
            "session": world.session.pk,
            "visibility": Visibility.ENROLLED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    handout = Handout.objects.get(title="第二週講義")
    assert handout.uploaded_by_user == world.organizer
    assert handout.session == world.session


def test_hr_officer_cannot_upload_handouts(client, world):
    client.login(username="hr_a", password=PASSWORD)
    assert client.get(reverse("wagtaildocs:add")).status_code == 403


# One copy of each rule --------------------------------------------------------------

ROLE_TESTS = re.compile(
    r"groups\.filter\(|groups\.values_list|\.is_superuser\b"
    r"|has_perm\(\s*[\"'](handouts\.view_restricted_handout|enrolment\.change_enrolment"
    r"|licensing\.(add|change|view)_licenseapplication)"
)
ALLOWED = {"portal/accounts/access.py"}


def test_role_checks_live_only_in_the_access_layer():
    offenders = []
    for top in ("cms", "portal", "api", "search"):
        for path in (ROOT / top).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in ALLOWED:
                continue
            if relative.startswith("portal/demo/"):
                continue
            if ROLE_TESTS.search(path.read_text(encoding="utf-8")):
                offenders.append(relative)
    assert offenders == []
