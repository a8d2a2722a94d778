"""The enrolment edit screen of the Wagtail admin: a status change is a service call."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import EditView
from wagtail.log_actions import log

from cms.core.permissions import NoAddPermissionPolicy

from . import selectors, services
from .models import Enrolment, EnrolmentStatus

# The status an organizer may set by hand, and the service that sets it (seats,
# quotas, waiting list, history, e-mails and the status signal all follow).
ACTIONS = {
    EnrolmentStatus.SELECTED: services.enrolment_select,
    EnrolmentStatus.REFUSED: services.enrolment_refuse,
    EnrolmentStatus.WITHDRAWN: services.enrolment_withdraw,
}


class EnrolmentPermissionPolicy(NoAddPermissionPolicy):
    """No add or delete: an enrolment is made and ended by the services."""

    denied = frozenset({"add", "delete"})


class EnrolmentStatusForm(WagtailAdminModelForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=255,
        help_text=_("Kept in the enrolment's history and, on withdrawal, e-mailed."),
    )

    class Meta:
        model = Enrolment
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        self.fields["status"].choices = [
            (value, label)
            for value, label in EnrolmentStatus.choices
            if value == current or value in ACTIONS
        ]


class EnrolmentEditView(EditView):
    """Saves a status change through the enrolment services, or nothing at all."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("status", message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        # The form wrote the new status into self.object; the service reads the
        # stored row.
        enrolment = selectors.enrolment_get(viewer=self.request.user, pk=self.object.pk)
        status = self.form.cleaned_data["status"]
        if status == enrolment.status:
            return enrolment
        action = ACTIONS.get(status)
        if action is None:
            raise PermissionDenied
        enrolment = action(
            enrolment=enrolment,
            actor=self.request.user,
            reason=self.form.cleaned_data["reason"].strip(),
        )
        log(instance=enrolment, action="wagtail.edit", user=self.request.user)
        return enrolment
