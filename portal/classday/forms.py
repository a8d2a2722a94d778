from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Meal


class LeaveForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Day"), coerce=str)
    hours = forms.DecimalField(
        label=_("Hours (leave empty for the whole day)"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
    )
    starts_at = forms.TimeField(
        label=_("From (for leave of some hours)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), d.isoformat()) for d in days]


class KioskForm(forms.Form):
    national_id = forms.CharField(
        label=_("National ID number"),
        max_length=10,
        # No autofocus: it would scroll the screen past the QR code on load.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Check"),
        choices=[("in", _("Check in")), ("out", _("Check out"))],
        initial="in",
    )


def meal_field(day):
    return forms.ChoiceField(
        label=day.isoformat(),
        choices=Meal.choices,
        widget=forms.RadioSelect,
        required=False,
    )
