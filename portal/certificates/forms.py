from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.converters import parse_id

from .codes import MAX_TYPED, normalise
from .models import Language


class RequestForm(forms.Form):
    """A trainee asks for a certificate of one of their trainings."""

    record = forms.CharField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def clean_record(self):
        record_id = parse_id(self.cleaned_data["record"])
        if record_id is None:
            raise forms.ValidationError(_("Choose a training."), code="invalid")
        return record_id


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept with the certificate for staff; the public page shows only "
            "that and when it was revoked."
        ),
    )


class IssueForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.ZH_HANT
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=MAX_TYPED,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        help_text=_(
            "Printed beside the QR code at the foot of the certificate, for "
            "example C2026-000123-K7QFM2XAPL3R4T5W. The certificate number alone "
            "is not enough."
        ),
    )

    def clean_code(self):
        return normalise(self.cleaned_data["code"])
