import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Duty, Period, Post


class LateRequestForm(forms.Form):
    """補簽: the times the volunteer actually served, and why they could not scan."""

    clock_in = forms.TimeField(
        label=_("Arrived at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    clock_out = forms.TimeField(
        label=_("Left at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    reason = forms.CharField(label=_("Why you could not scan the code"), max_length=200)

    def clean(self):
        data = super().clean()
        if (
            data.get("clock_in")
            and data.get("clock_out")
            and data["clock_out"] <= data["clock_in"]
        ):
            self.add_error("clock_out", _("The clock-out must be after the clock-in."))
        return data


class SelfEvaluationForm(forms.Form):
    text = forms.CharField(
        label=_("Self-evaluation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What went well this half-year, and what you would like to do next."
        ),
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def chosen(self) -> datetime.date:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["month"].replace(day=1)
        return timezone.localdate().replace(day=1)


class ShiftForm(forms.Form):
    duty = forms.ModelChoiceField(
        label=_("Duty"), queryset=Duty.objects.filter(active=True)
    )
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.all())
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    needed = forms.IntegerField(
        label=_("Volunteers needed"), min_value=1, max_value=200
    )
    repeat_until = forms.DateField(
        label=_("Repeat weekly until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: the same shift every week until this day."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("starts_at")
            and data.get("ends_at")
            and data["ends_at"] <= data["starts_at"]
        ):
            self.add_error("ends_at", _("The shift must end after it starts."))
        if (
            data.get("repeat_until")
            and data.get("date")
            and data["repeat_until"] < data["date"]
        ):
            self.add_error(
                "repeat_until", _("Repeat until a day after the first shift.")
            )
        return data


class WindowForm(forms.Form):
    signup_opens_at = forms.DateTimeField(
        label=_("Sign-up opens"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    signup_closes_at = forms.DateTimeField(
        label=_("Sign-up closes"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class AppraisalForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        coerce=int,
        choices=[(1, _("January–June")), (2, _("July–December"))],
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MarkForm(forms.Form):
    """The coordinator records a volunteer's times, with the reason."""

    clock_in = forms.TimeField(
        label=_("Arrived at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    clock_out = forms.TimeField(
        label=_("Left at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean(self):
        data = super().clean()
        if not data.get("clock_in") and not data.get("clock_out"):
            raise forms.ValidationError(_("Give the arrival or the leaving time."))
        return data


class AssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]


class AvailabilityForm(forms.Form):
    """When the volunteer can usually serve: weekday × morning/afternoon."""

    slots = forms.MultipleChoiceField(
        label=_("When you can usually serve"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (f"{day}-{period}", f"{day_label} {period_label}")
            for day, day_label in WEEKDAYS
            for period, period_label in (
                (Period.MORNING, Period.MORNING.label),
                (Period.AFTERNOON, Period.AFTERNOON.label),
            )
        ],
    )

    @staticmethod
    def initial_from(availability: dict) -> dict:
        return {
            "slots": [
                f"{day}-{period}"
                for day, periods in (availability or {}).items()
                for period in periods
            ]
        }

    def availability(self) -> dict:
        result: dict[str, list[str]] = {}
        for slot in self.cleaned_data["slots"]:
            day, period = slot.split("-")
            result.setdefault(day, []).append(period)
        return result
