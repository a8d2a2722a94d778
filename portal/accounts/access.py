"""The one access layer: who a user is, and which rows they may see.

Roles are explicit groups (``roles.py``), never "has some permission": a
Moderator holds a handouts permission to publish pages, which does not make them
the institute's staff. Every face (site views, API, Wagtail admin, services and
selectors of every app) asks here; a second copy of a role test is a defect.

Scopes, by kind of row:

- ``PEOPLE`` (people, enrolments, records, study hours): institute staff see
  all; an HR officer their agency and its units; anybody else themselves.
- ``LICENSING`` (license applications): staff all; a licensee their agency and
  its units; anybody else nothing.
- ``SESSIONS`` (the organizer's class-day and questionnaire lookups): a session
  has no organizer field, so every organizer runs every session; staff other
  than organizers and everybody else get none. Lookups below a session (an
  enrolment, a leave request) are filtered by that session too.

- ``LECTURERS`` (lecturer profiles, their teaching and evaluations): staff
  all; a lecturer (the Lecturers role and a linked profile) their own; anybody
  else nothing.
- ``FEES`` (fee statements, payments): organizers all; a lecturer their own;
  anybody else nothing.
- ``AUTHORIZATIONS`` (the register of material authorizations): staff all; a
  lecturer their own; anybody else nothing. Preparing and recording them is for
  organizers (``is_organizer``).
- ``FEEDBACK`` (trainees' suggestions to the institute): those who handle them
  (``can_handle_suggestions``) all; anybody else their own. An HR officer sees
  no one else's: a suggestion is between the trainee and the institute.

- ``VOLUNTEERS`` (volunteer profiles, shift sign-ups, clock times, appraisals):
  coordinators (organizers) all; a volunteer (the Volunteers role) their own;
  anybody else nothing.
"""

from dataclasses import dataclass

from . import roles

PEOPLE = "people"
LICENSING = "licensing"
SESSIONS = "sessions"
LECTURERS = "lecturers"
FEES = "fees"
AUTHORIZATIONS = "authorizations"
FEEDBACK = "feedback"
VOLUNTEERS = "volunteers"


def _active(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def roles_of(user) -> frozenset[str]:
    """The role groups of an active user (cached on the user object)."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_civic_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._civic_roles = cached
    return cached


def is_superuser(user) -> bool:
    return _active(user) and bool(user.is_superuser)


def is_institute_staff(user) -> bool:
    """Editors, organizers and superusers: the institute's own staff."""
    return is_superuser(user) or bool(
        roles_of(user) & {roles.EDITORS, roles.ORGANIZERS}
    )


def is_editor(user) -> bool:
    return is_superuser(user) or roles.EDITORS in roles_of(user)


def is_moderator(user) -> bool:
    """Publishes pages; not staff, sees people like any other person."""
    return roles.MODERATORS in roles_of(user)


def is_organizer(user) -> bool:
    """Runs sessions: rosters, class day, questionnaires, license reviews."""
    return is_superuser(user) or roles.ORGANIZERS in roles_of(user)


def _person(user):
    """The user's profile with its agencies, in one query (cached on the user)."""
    if not hasattr(user, "_civic_person"):
        from .models import Person

        user._civic_person = (
            Person.objects.select_related("agency", "hr_agency")
            .filter(user_id=user.pk)
            .first()
        )
    return user._civic_person


def hr_agency_of(user):
    """The agency an HR officer answers for, or None."""
    if roles.HR_OFFICERS not in roles_of(user):
        return None
    person = _person(user)
    return person.hr_agency if person is not None and person.hr_agency_id else None


def is_hr_officer(user) -> bool:
    """In the HR officers group and answering for an agency."""
    return hr_agency_of(user) is not None


def licensee_agency_of(user):
    """The agency a licensee applies for, or None; superusers never apply."""
    if is_superuser(user) or roles.LICENSEES not in roles_of(user):
        return None
    person = _person(user)
    return person.agency if person is not None and person.agency_id else None


def is_licensee(user) -> bool:
    """An agency account that may apply for licenses: the role and an agency."""
    return licensee_agency_of(user) is not None


def is_lecturer(user) -> bool:
    return roles.LECTURERS in roles_of(user)


def is_volunteer(user) -> bool:
    return roles.VOLUNTEERS in roles_of(user)


def is_volunteer_coordinator(user) -> bool:
    """Plans shifts, marks clock times, appraises: the institute's organizers."""
    return is_organizer(user)


def is_trainee(user) -> bool:
    return roles.TRAINEES in roles_of(user)


def can_handle_suggestions(user) -> bool:
    """Institute staff given ``feedback.reply_suggestion`` (organizers by their
    role, superusers always) reply to and publish trainees' suggestions."""
    return is_institute_staff(user) and user.has_perm("feedback.reply_suggestion")


def can_review_licenses(user) -> bool:
    """Organizers move license applications through their review."""
    return is_organizer(user)


def viewer_role(*, user) -> dict:
    """What the site's header offers ``user``: agency pages, the licensee's pages."""
    return {
        "agency_pages": can_see_agency_pages(user),
        "licensee": is_licensee(user),
        "lecturer": is_lecturer(user),
        "volunteer": is_volunteer(user),
        "coordinator": is_volunteer_coordinator(user),
    }


def can_see_agency_pages(user) -> bool:
    """HR pages (agency enrolments, hours, imports): HR officers and staff."""
    return viewer_scope(user).kind in (Scope.AGENCY, Scope.ALL)


# Scopes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """ALL: institute staff; AGENCY: an agency's subtree; SELF; NONE."""

    kind: str
    agency_path: str = ""
    user_id: int | None = None

    ALL = "all"
    AGENCY = "agency"
    SELF = "self"
    NONE = "none"


def _compute_scope(viewer, kind) -> Scope:
    uid = viewer.pk
    if kind == PEOPLE:
        if is_institute_staff(viewer):
            return Scope(Scope.ALL, user_id=uid)
        agency = hr_agency_of(viewer)
        if agency is not None:
            return Scope(Scope.AGENCY, agency_path=agency.path, user_id=uid)
        return Scope(Scope.SELF, user_id=uid)
    if kind == LICENSING:
        if is_institute_staff(viewer):
            return Scope(Scope.ALL, user_id=uid)
        agency = licensee_agency_of(viewer)
        if agency is not None:
            return Scope(Scope.AGENCY, agency_path=agency.path, user_id=uid)
        return Scope(Scope.NONE, user_id=uid)
    if kind == SESSIONS:
        if is_organizer(viewer):
            return Scope(Scope.ALL, user_id=uid)
        return Scope(Scope.NONE, user_id=uid)
    if kind in (LECTURERS, AUTHORIZATIONS):
        if is_institute_staff(viewer):
            return Scope(Scope.ALL, user_id=uid)
        if is_lecturer(viewer):
            return Scope(Scope.SELF, user_id=uid)
        return Scope(Scope.NONE, user_id=uid)
    if kind == FEES:
        # Fee statements: organizers run them; a lecturer sees their own.
        if is_organizer(viewer):
            return Scope(Scope.ALL, user_id=uid)
        if is_lecturer(viewer):
            return Scope(Scope.SELF, user_id=uid)
        return Scope(Scope.NONE, user_id=uid)
    if kind == VOLUNTEERS:
        if is_volunteer_coordinator(viewer):
            return Scope(Scope.ALL, user_id=uid)
        if is_volunteer(viewer):
            return Scope(Scope.SELF, user_id=uid)
        return Scope(Scope.NONE, user_id=uid)
    if kind == FEEDBACK:
        if can_handle_suggestions(viewer):
            return Scope(Scope.ALL, user_id=uid)
        return Scope(Scope.SELF, user_id=uid)
    raise ValueError(f"unknown scope kind {kind!r}")


def viewer_scope(viewer, *, kind: str = PEOPLE) -> Scope:
    """The scope of ``viewer`` over rows of ``kind``, computed once per user."""
    if not _active(viewer):
        return Scope(Scope.NONE)
    cache = getattr(viewer, "_civic_scopes", None)
    if cache is None:
        cache = viewer._civic_scopes = {}
    if kind not in cache:
        cache[kind] = _compute_scope(viewer, kind)
    return cache[kind]


def scope_filter(
    queryset, viewer, *, kind: str = PEOPLE, user_field="user", agency_field="agency"
):
    """Limit ``queryset`` to the rows ``viewer`` may see (rows of ``kind``)."""
    scope = viewer_scope(viewer, kind=kind)
    if scope.kind == Scope.ALL:
        return queryset
    if scope.kind == Scope.AGENCY:
        return queryset.filter(
            **{f"{agency_field}__path__startswith": scope.agency_path}
        )
    if scope.kind == Scope.SELF and user_field:
        return queryset.filter(**{f"{user_field}_id": scope.user_id})
    return queryset.none()


def session_filter(queryset, viewer):
    """Rows of sessions the viewer runs: all of them for organizers, else none."""
    if viewer_scope(viewer, kind=SESSIONS).kind == Scope.ALL:
        return queryset
    return queryset.none()


# The Wagtail admin ------------------------------------------------------------

# URL names any admin user may open: the dashboard, their account, sign-in/out.
_ADMIN_BASICS = frozenset(
    {
        "wagtailadmin_home",
        "wagtailadmin_account",
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_dismissibles",
    }
)
# An HR officer's admin: the scoped listings of their people (and nothing that
# lists every object's history, usage or search results).
_SCOPED_VIEWSETS = ("people", "enrolments", "training_records")
_SCOPED_VIEWS = ("index", "index_results", "inspect", "edit")
_HR_ADMIN = frozenset(
    f"{ns}:{view}" for ns in _SCOPED_VIEWSETS for view in _SCOPED_VIEWS
)
# A moderator's admin: editing and publishing pages with their images and
# documents; no reports, histories, usage or search across the site.
_MODERATOR_PREFIXES = (
    "wagtailadmin_explore",
    "wagtailadmin_choose_page",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_tag_model_autocomplete",
    "wagtailadmin_block_preview",
    "wagtailadmin_editing_sessions:",
    "wagtailadmin_api:pages:",
    "wagtailimages_chooser:",
    "wagtaildocs_chooser:",
    "wagtailembeds:",
)
_MODERATOR_PAGE_VIEWS = frozenset(
    f"wagtailadmin_pages:{view}"
    for view in (
        "add", "preview_on_add", "choose_parent", "edit", "preview_on_edit",
        "view_draft", "add_subpage", "delete", "unpublish", "convert_alias", "move",
        "move_confirm", "set_page_position", "copy", "workflow_action",
        "collect_workflow_action_data", "confirm_workflow_cancellation",
        "workflow_preview", "set_privacy", "lock", "unlock", "revisions_view",
        "revisions_revert", "revisions_unschedule", "revisions_compare",
    )
)  # fmt: skip
_MEDIA_VIEWS = (
    "index", "index_results", "add", "edit", "delete", "add_multiple",
    "edit_multiple", "delete_multiple",
)  # fmt: skip
_MODERATOR_MEDIA = frozenset(
    [
        f"{app}:{view}"
        for app in ("wagtailimages", "wagtaildocs")
        for view in _MEDIA_VIEWS
    ]
    + [
        "wagtailimages:url_generator",
        "wagtailimages:url_generator_output",
        "wagtailimages:preview",
        "wagtailimages:create_multiple_from_uploaded_image",
        "wagtailimages:delete_upload_multiple",
        "wagtaildocs:create_multiple_from_uploaded_document",
        "wagtaildocs:delete_upload_multiple",
    ]
)


def admin_view_allowed(user, view_name: str | None) -> bool:
    """Whether ``user`` may open the Wagtail admin view named ``view_name``.

    Institute staff reach all of it (Wagtail's own permissions still apply).
    Everybody else with admin access gets an allow-list: Wagtail's reports,
    histories, usage pages and search list every object of a model regardless of
    agency, so they stay closed."""
    if is_institute_staff(user):
        return True
    if view_name is None:
        return True  # Wagtail's catch-all "not found" page
    if view_name in _ADMIN_BASICS:
        return True
    if is_hr_officer(user) and view_name in _HR_ADMIN:
        return True
    return is_moderator(user) and (
        view_name in _MODERATOR_PAGE_VIEWS
        or view_name in _MODERATOR_MEDIA
        or view_name.startswith(_MODERATOR_PREFIXES)
    )
