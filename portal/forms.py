from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.catalog.models import Session, SessionStatus
from portal.accounts.selectors import agency_list, person_list
from portal.enrolment.models import EnrolmentStatus


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 11, -1)]


class _ScopedFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency or unit"), queryset=None, required=False, empty_label=_("All")
    )
    name = forms.CharField(label=_("Name contains"), required=False, max_length=40)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list(viewer=viewer)


class EnrolmentFilterForm(_ScopedFilterForm):
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
        self.fields["year"].choices = [("", _("All years")), *_year_choices()]
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


class HoursFilterForm(_ScopedFilterForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    field_order = ["year", "agency", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["year"].initial = timezone.localdate().year

    def filters_default(self):
        return {"year": timezone.localdate().year}

    def filters(self):
        data = self.cleaned_data
        return {
            "year": data.get("year") or timezone.localdate().year,
            "agency": data.get("agency"),
            "name": data.get("name") or None,
        }


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return (
            f"{person.name}（{person.agency.name}，{person.national_id_masked or '—'}）"
        )


class NominationForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    people = _PersonChoice(
        label=_("Staff to nominate"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["session"].queryset = (
            Session.objects.filter(
                status=SessionStatus.OPEN,
                registration_opens__lte=now,
                registration_closes__gte=now,
                course__live=True,
            )
            .select_related("course")
            .order_by("start_date")
        )
        self.fields["people"].queryset = person_list(viewer=viewer)


class _SinglePerson(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.agency.name}）"


class SubstitutionForm(forms.Form):
    substitute = _SinglePerson(label=_("Substitute"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, viewer, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = person_list(viewer=viewer).exclude(
            user=enrolment.user
        )
