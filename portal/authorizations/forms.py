import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Authorization, Scope, Status
from .services import MAX_SIGNATURE_BYTES

DATA_URL_PREFIX = "data:image/png;base64,"


def signature_from_data_url(value: str) -> bytes | None:
    """The PNG a signature pad posts as a data URL; None when empty. ValueError
    for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.startswith(DATA_URL_PREFIX):
        raise ValueError("not a PNG data URL")
    encoded = value[len(DATA_URL_PREFIX) :]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise ValueError("too large")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64") from error


class SignForm(forms.Form):
    signer_name = forms.CharField(
        label=_("Your full name"),
        max_length=80,
        help_text=_("As on your identity card."),
    )
    signature = forms.CharField(
        label=_("Signature"), required=False, widget=forms.HiddenInput
    )
    typed_signature = forms.CharField(
        label=_("Or type your name as your signature"),
        max_length=80,
        required=False,
        help_text=_(
            "If you cannot draw in the box (for example with a screen reader), "
            "typing your name here signs the authorization just the same."
        ),
    )
    consent = forms.BooleanField(
        label=_("I have read the authorization above and agree to it."),
        required=False,
    )
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_signature(self):
        try:
            return signature_from_data_url(self.cleaned_data.get("signature", ""))
        except ValueError as error:
            raise forms.ValidationError(
                _("The signature could not be read. Clear it and sign again."),
                code="signature_invalid",
            ) from error


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AuthorizationForm(forms.ModelForm):
    """The organizer's form; the scope checkboxes are the model's fields."""

    class Meta:
        model = Authorization
        fields = [
            "lecturer",
            "session",
            "materials",
            "scope_class",
            "scope_site",
            "scope_recording",
            "scope_licensing",
            "valid_from",
            "valid_until",
            "conditions",
        ]
        widgets = {
            "materials": forms.CheckboxSelectMultiple,
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cms.catalog.models import Session
        from cms.handouts.models import Handout

        self.fields["materials"].queryset = (
            Handout.objects.filter(lecturer__isnull=False)
            .select_related("lecturer", "course")
            .order_by("lecturer__name", "title")
        )
        self.fields["materials"].label_from_instance = lambda h: (
            f"{h.lecturer.name}：{h.title}"
        )
        self.fields["session"].queryset = Session.objects.select_related(
            "course"
        ).order_by("-start_date")
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.code} {s.course.title} ({s.start_date:%Y-%m-%d})"
        )


class PaperForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Date on the paper"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=80)
    scan = forms.FileField(
        label=_("Scan of the signed paper (PDF)"),
        required=False,
        help_text=_("Optional; kept privately with the register."),
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("How the lecturer withdrew it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: letter of 2026-11-30, e-mail, phone call."),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    scope = forms.ChoiceField(label=_("Allows"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            *Status.choices,
            ("expired", pgettext_lazy("authorization", "Expired")),
        ]
        self.fields["scope"].choices = [("", _("Anything")), *Scope.choices]
