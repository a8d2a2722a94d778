from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import EditView
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from cms.core.permissions import NoAddPermissionPolicy
from portal.common.admin import (
    NamedUserIndexView,
    ScopedModelViewSet,
    yes_no_column,
)

from . import selectors, services
from .models import TrainingRecord


class RecordPermissionPolicy(NoAddPermissionPolicy):
    """Records are made by the services; deleting one would leave the yearly study
    hours counting it, so the admin only lists, inspects and edits (through
    ``record_update``)."""

    denied = frozenset({"add", "delete"})


register_permission_policy(TrainingRecord, RecordPermissionPolicy(TrainingRecord))


class RecordEditView(EditView):
    """Saves through ``record_update``: its checks apply and the ledger follows."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        record = services.record_update(
            enrolment=self.object.enrolment,
            actor=self.request.user,
            attendance=data["attendance"],
            # The form shows the record's hours, the online part included;
            # record_update takes the classroom hours and adds it back.
            hours=data["hours"] - self.object.online_hours_earned,
            # A scheme's grade is computed (the grades screen sets its parts).
            **(
                {}
                if self.object.session.course.grade_scheme_id
                else {"grade": data["grade"]}
            ),
            completed=data["completed"],
        )
        log(instance=record, action="wagtail.edit", user=self.request.user)
        return record


class TrainingRecordViewSet(ScopedModelViewSet):
    model = TrainingRecord
    name = "training_records"
    selector = selectors.record_list
    icon = "tasks"
    menu_label = _("Training records")
    add_to_admin_menu = False
    copy_view_enabled = False
    edit_view_class = RecordEditView
    index_view_class = NamedUserIndexView
    list_display = [
        "user",
        "session",
        "year",
        "attendance",
        "hours",
        "grade",
        "grade_band",
        yes_no_column("completed", _("Completed")),
    ]
    list_filter = ["year", "attendance", "completed"]
    inspect_view_enabled = True
    list_export = [
        "user",
        "session",
        "agency",
        "year",
        "attendance",
        "hours",
        "grade",
        "grade_band",
        "grade_adjustment",
        "grade_adjustment_reason",
        "honours_rank",
        "completed",
    ]
    form_fields = ["attendance", "hours", "grade", "completed"]


@hooks.register("register_admin_urls")
def register_grades_url():
    from .admin_views import grades

    return [path("sessions/<id:session_id>/grades/", grades, name="session_grades")]
