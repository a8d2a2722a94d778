from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup

from portal.common.admin import ScopedModelViewSet
from portal.enrolment.wagtail_hooks import EnrolmentViewSet
from portal.notifications.wagtail_hooks import OutgoingEmailViewSet
from portal.records.wagtail_hooks import TrainingRecordViewSet

from . import access
from .admin_forms import PersonAdminForm
from .middleware import admin_match_allowed
from .models import Person
from .selectors import person_list


class PersonViewSet(ScopedModelViewSet):
    model = Person
    name = "people"
    selector = person_list
    icon = "user"
    menu_label = _("People")
    add_to_admin_menu = False
    list_display = ["name", "agency", "job_title", "national_id_masked", "email"]
    search_fields = ["name", "employee_number", "email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "name", "agency", "employee_number", "job_title", "grade", "email", "phone",
        "national_id_masked", "hr_agency",
    ]  # fmt: skip
    list_export = ["name", "agency", "employee_number", "job_title", "grade", "email"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("employee_number")]),
            FieldPanel("agency"),
            FieldRowPanel([FieldPanel("job_title"), FieldPanel("grade")]),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("national_id_number"),
            FieldPanel("hr_agency"),
        ],
        base_form_class=PersonAdminForm,
    )


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "group"
    menu_order = 300
    items = (
        PersonViewSet,
        EnrolmentViewSet,
        TrainingRecordViewSet,
        OutgoingEmailViewSet,
    )


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


# The menu shows a non-staff user only what the admin lets them open (see
# middleware.AdminScopeMiddleware, which refuses the rest).


def _url_allowed(user, url) -> bool:
    try:
        match = resolve(urlsplit(str(url)).path)
    except Resolver404:
        return True  # not an admin view (an external link)
    return admin_match_allowed(user, match)


def _allowed_items(request, items):
    kept = []
    for item in items:
        if isinstance(item, SubmenuMenuItem):
            children = _allowed_items(
                request, item.menu.menu_items_for_request(request)
            )
            if children:
                kept.append(
                    SubmenuMenuItem(
                        item.label,
                        Menu(items=children),
                        name=item.name,
                        classname=item.classname,
                        icon_name=item.icon_name,
                        attrs=item.attrs,
                        order=item.order,
                    )
                )
        elif _url_allowed(request.user, item.url):
            kept.append(item)
    return kept


@hooks.register("construct_main_menu")
def scope_admin_menu(request, menu_items):
    if access.is_institute_staff(request.user):
        return
    menu_items[:] = _allowed_items(request, menu_items)


@hooks.register("register_admin_viewset")
def register_import_audit_viewset():
    from .admin_audit import ImportAuditViewSet

    return ImportAuditViewSet()


@hooks.register("register_admin_viewset")
def register_identity_disclosure_viewset():
    from .admin_audit import IdentityDisclosureViewSet

    return IdentityDisclosureViewSet()
