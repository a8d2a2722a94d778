from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.accounts import id_vault, national_id

from . import selectors


class VolunteerAdminForm(WagtailAdminModelForm):
    """Takes a national ID number for the national volunteer-service system's
    file; it is kept hashed, masked and encrypted, never in clear."""

    national_id_number = forms.CharField(
        label=_("National ID number"),
        required=False,
        help_text=_(
            "For the national volunteer-service system's hours file. Stored "
            "encrypted; leave empty to keep."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_national_id_number(self):
        value = self.cleaned_data["national_id_number"]
        if not value:
            return ""
        number = national_id.validate(value)
        if selectors.national_id_taken(number=number, other_than=self.instance.pk):
            raise ValidationError(
                _("A volunteer with this national ID number already exists."),
                code="national_id_taken",
            )
        return number

    def save(self, commit=True):
        number = self.cleaned_data.get("national_id_number")
        if number:
            (
                self.instance.national_id_hash,
                self.instance.national_id_masked,
                self.instance.national_id_sealed,
            ) = id_vault.stored_forms(number)
        return super().save(commit=commit)
