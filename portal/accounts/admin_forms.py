from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import id_vault, national_id
from .selectors import national_id_taken


class PersonAdminForm(WagtailAdminModelForm):
    """Takes a national ID number to hash; the number itself is never kept."""

    national_id_number = forms.CharField(
        label=_("National ID number"),
        required=False,
        help_text=_(
            "Stored only as a keyed hash and a masked form; leave empty to keep."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_national_id_number(self):
        value = self.cleaned_data["national_id_number"]
        if not value:
            return ""
        number = national_id.validate(value)
        if national_id_taken(number=number, other_than=self.instance.pk):
            raise ValidationError(
                _("A person with this national ID number already exists."),
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
