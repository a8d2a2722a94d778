import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LineKind


class ConfirmForm(forms.Form):
    personal_account = forms.BooleanField(
        label=_(
            "The amounts are correct, and the account is my personal account, not "
            "a company account."
        ),
        required=False,
    )


class DisputeForm(forms.Form):
    line = forms.TypedChoiceField(
        label=_("Line"), coerce=int, required=False, empty_value=None
    )
    comment = forms.CharField(
        label=_("What is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("The whole statement"))] + [
            (line.pk, f"{line.description} · NT${line.amount:,}") for line in lines
        ]


class AdjustForm(forms.Form):
    amount = forms.IntegerField(label=_("New amount (NT$)"), min_value=0)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AddLineForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (k.value, k.label)
            for k in (LineKind.MATERIALS, LineKind.TRAVEL, LineKind.CASE)
        ],
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=300
    )
    amount = forms.IntegerField(label=_("Amount (NT$)"), min_value=0)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"})
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            day = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give a month."), code="invalid") from None
        return day.year, day.month
