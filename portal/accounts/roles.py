"""The portal's roles, kept as Django groups with their permissions."""

from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"  # created by Wagtail's own migrations
MODERATORS = "Moderators"
ORGANIZERS = "Organizers"
HR_OFFICERS = "HR officers"
TRAINEES = "Trainees"
LECTURERS = "Lecturers"
VOLUNTEERS = "Volunteers"
LICENSEES = "Licensees"

ROLE_LABELS = {
    EDITORS: _("Editor"),
    MODERATORS: _("Moderator"),
    ORGANIZERS: _("Organizer"),
    HR_OFFICERS: _("HR officer"),
    TRAINEES: _("Trainee"),
    LECTURERS: _("Lecturer"),
    VOLUNTEERS: _("Volunteer"),
    LICENSEES: _("Licensee"),
}

# Permissions (app_label, codename) each role needs beyond Wagtail's defaults.
ROLE_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("handouts", "view_restricted_handout"),
        ("handouts", "add_handout"),
        ("handouts", "change_handout"),
        ("handouts", "delete_handout"),
        ("handouts", "choose_document"),
        *[
            ("catalog", f"{action}_{model}")
            for model in (
                "coursecategory",
                "competency",
                "lecturer",
                "venue",
                "coursegroup",
                "gradescheme",
            )
            for action in ("add", "change", "delete", "view")
        ],
        ("catalog", "view_session"),
        *[
            ("classday", f"{action}_seatplan")
            for action in ("add", "change", "delete", "view")
        ],
        ("classday", "view_classdaysettings"),
        *[
            ("hour_uploads", f"{action}_portalcourse")
            for action in ("add", "change", "delete", "view")
        ],
        *[
            ("notifications", f"{action}_emailtemplate")
            for action in ("add", "change", "delete", "view")
        ],
        *[
            ("recommendations", f"{action}_{model}")
            for model in ("editorpick", "mandatoryrule")
            for action in ("add", "change", "delete", "view")
        ],
        ("recommendations", "view_recommendationstat"),
        ("licensing", "view_licenseapplication"),
        *[
            ("surveys", f"{action}_questionnaire")
            for action in ("add", "change", "delete", "view")
        ],
        *[
            ("lecturers", f"{action}_lecturerprofile")
            for action in ("add", "change", "view")
        ],
    ],
    MODERATORS: [("handouts", "view_restricted_handout")],
    ORGANIZERS: [
        ("wagtailadmin", "access_admin"),
        ("handouts", "view_restricted_handout"),
        ("handouts", "add_handout"),
        ("handouts", "change_handout"),
        ("handouts", "choose_document"),
        *[
            ("catalog", f"{action}_{model}")
            for model in ("session", "venue", "coursegroup", "gradescheme")
            for action in ("add", "change", "delete", "view")
        ],
        ("catalog", "view_lecturer"),
        ("catalog", "add_lecturer"),
        ("catalog", "change_lecturer"),
        *[
            ("classday", f"{action}_{model}")
            for model in ("classdaysettings", "seatplan")
            for action in ("add", "change", "delete", "view")
        ],
        ("accounts", "add_person"),
        ("accounts", "change_person"),
        ("accounts", "view_person"),
        ("enrolment", "view_enrolment"),
        ("enrolment", "change_enrolment"),
        ("records", "view_trainingrecord"),
        ("notifications", "view_outgoingemail"),
        ("notifications", "view_emailtemplate"),
        ("licensing", "view_licenseapplication"),
        ("licensing", "change_licenseapplication"),
        *[
            ("surveys", f"{action}_questionnaire")
            for action in ("add", "change", "delete", "view")
        ],
        *[
            ("lecturers", f"{action}_lecturerprofile")
            for action in ("add", "change", "view")
        ],
        *[
            ("fees", f"{action}_{model}")
            for model in ("feerate", "feesettings")
            for action in ("add", "change", "delete", "view")
        ],
        ("feedback", "reply_suggestion"),
        *[
            ("certificates", f"{action}_certificatetemplate")
            for action in ("add", "change", "delete", "view")
        ],
        ("certificates", "issue_certificate"),
        *[
            ("volunteers", f"{action}_{model}")
            for model in ("duty", "post", "volunteer")
            for action in ("add", "change", "delete", "view")
        ],
    ],
    HR_OFFICERS: [
        ("wagtailadmin", "access_admin"),
        ("accounts", "view_person"),
        ("enrolment", "view_enrolment"),
        ("records", "view_trainingrecord"),
    ],
    TRAINEES: [],
    LECTURERS: [],
    VOLUNTEERS: [],
    LICENSEES: [("licensing", "add_licenseapplication")],
}


def ensure_role_groups(app_config=None, **kwargs):
    """Create the role groups and grant their permissions; safe to run repeatedly.

    As a post_migrate receiver it acts once, after the last app's permissions
    have been created."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # Django sends post_migrate only for apps with models.
    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    if app_config is not None and app_config is not with_models[-1]:
        return

    codenames = {
        codename for perms in ROLE_PERMISSIONS.values() for _a, codename in perms
    }
    by_key = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in=codenames
        )
    }
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        # One query for what the group has, one insert for what it lacks.
        found = [by_key[key] for key in perms if key in by_key]
        if found:
            group.permissions.add(*found)
    ensure_collection_permissions()


# Wagtail checks documents per collection (GroupCollectionPermission on the
# wagtaildocs.Document permissions), not through the group's model permissions.
COLLECTION_PERMISSIONS = {
    EDITORS: ["add_document", "change_document", "choose_document"],
    ORGANIZERS: ["add_document", "change_document", "choose_document"],
}


def ensure_collection_permissions():
    """Let editors and organizers upload and choose handouts in every collection
    (granted on the root collection, inherited below); safe to run repeatedly."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for name, codenames in COLLECTION_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
