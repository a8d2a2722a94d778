"""The forms of the study-hour uploads page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.forms import year_choices

from . import profiles, selectors


class BatchForm(forms.Form):
    """Which portal, year and sessions; the same fields preview and create."""

    profile = forms.ChoiceField(label=_("Portal and format"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    sessions = forms.TypedMultipleChoiceField(
        label=_("Sessions (none chosen: all of the year)"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reupload = forms.BooleanField(
        label=_("Upload again records already accepted or awaiting a result"),
        required=False,
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = profiles.current_choices()
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year
        try:
            year = int(self.data.get("year") or timezone.localdate().year)
        except (TypeError, ValueError):
            year = timezone.localdate().year
        self.fields["sessions"].choices = [
            (s.pk, f"{s.code} {s.course.title} ({s.start_date:%Y-%m-%d})")
            for s in selectors.session_choices(viewer=viewer, year=year)
        ]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "profile_key": data["profile"],
            "year": data["year"],
            "session_ids": data.get("sessions") or None,
            "reupload": bool(data.get("reupload")),
        }


class ResultForm(forms.Form):
    file = forms.FileField(
        label=_("The portal's result file (CSV)"),
        help_text=_(
            "The file the portal returns after the upload, with a result column "
            "(成功/失敗) and a message column."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
