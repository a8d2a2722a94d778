"""The filters of the study hours pages and the mandatory-training view."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import ScopedFilterForm, year_choices
from portal.recommendations.models import MandatoryRule

from .selectors import ANY, MET, UNMET


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


class MyHoursYearForm(forms.Form):
    """The year of the trainee's hours page: this year or one with hours."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]

    def chosen_year(self) -> int | None:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return None


class MandatoryFilterForm(ScopedFilterForm):
    """The filters of the mandatory-training compliance view."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    rule = forms.ModelChoiceField(
        label=_("Mandatory training"),
        queryset=MandatoryRule.objects.order_by("name", "pk"),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (UNMET, _("Not met yet")),
            (MET, _("Met")),
            (ANY, _("Everyone")),
        ],
        required=False,
    )

    field_order = ["year", "rule", "status", "agency", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year

    def filters_default(self):
        return {"year": timezone.localdate().year, "status": UNMET}

    def filters(self):
        data = self.cleaned_data
        return {
            "year": data.get("year") or timezone.localdate().year,
            "rule": data.get("rule"),
            "status": data.get("status") or UNMET,
            "agency": data.get("agency"),
            "name": data.get("name") or None,
        }
