"""The forms of the enrolment pages: the agency's filters, nomination, substitution."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.catalog.models import Session
from portal.accounts.forms import ScopedFilterForm, year_choices
from portal.accounts.selectors import person_list

from .models import EnrolmentStatus


class EnrolmentFilterForm(ScopedFilterForm):
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    session_code = forms.CharField(
        label=_("Session code"), required=False, max_length=20
    )

    field_order = ["year", "status", "session_code", "agency", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *year_choices()]
        self.fields["year"].initial = timezone.localdate().year
        self.fields["status"].choices = [
            ("", _("All statuses")),
            *EnrolmentStatus.choices,
        ]

    def filters_default(self):
        return {"year": timezone.localdate().year}

    def filters(self):
        data = self.cleaned_data
        return {
            k: data.get(k) or None
            for k in ("year", "status", "session_code", "agency", "name")
        }


_NOT_IN_SCOPE = _("Choose people of your own agency only, from the search results.")


class NominationForm(forms.Form):
    """The session, the people chosen with the picker (checked against the viewer's
    scope here, whatever the page sent) and the retake switch."""

    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    people = forms.ModelMultipleChoiceField(
        label=_("Staff to nominate"),
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose at least one person to nominate."),
            "invalid_choice": _NOT_IN_SCOPE,
            "invalid_pk_value": _NOT_IN_SCOPE,
        },
    )
    retake = forms.BooleanField(
        label=_("Nominate again (retake on purpose)"),
        required=False,
        help_text=_(
            "Nominate people who already completed this course. The course's own "
            "rules (e.g. no repeat within some years) still apply."
        ),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.open_for_registration()
            .filter(course__live=True)
            .select_related("course")
            .order_by("start_date")
        )
        self.fields["people"].queryset = person_list(viewer=viewer)


class SubstitutionForm(forms.Form):
    substitute = forms.ModelChoiceField(
        label=_("Substitute"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the colleague who goes instead."),
            "invalid_choice": _NOT_IN_SCOPE,
        },
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, viewer, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = person_list(viewer=viewer).exclude(
            user=enrolment.user
        )


class TransferForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Move to"), queryset=Session.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = targets
        self.fields["session"].label_from_instance = lambda s: (
            _("Term %(term)s (%(code)s), %(start)s to %(end)s")
            % {
                "term": s.term,
                "code": s.code,
                "start": s.start_date.isoformat(),
                "end": s.end_date.isoformat(),
            }
        )
