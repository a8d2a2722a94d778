"""The filters of the agency's study hours page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import ScopedFilterForm, year_choices


class HoursFilterForm(ScopedFilterForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    field_order = ["year", "agency", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
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
