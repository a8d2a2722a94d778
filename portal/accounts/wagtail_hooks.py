from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup

from portal.admin_views import ScopedModelViewSet
from portal.enrolment.wagtail_hooks import EnrolmentViewSet
from portal.notifications.wagtail_hooks import OutgoingEmailViewSet
from portal.records.wagtail_hooks import TrainingRecordViewSet

from .admin_forms import PersonAdminForm
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
