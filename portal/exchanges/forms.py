"""The forms of the seat exchange pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.names import person_label


class OfferForm(forms.Form):
    note = forms.CharField(
        label=_("Note to colleagues (optional)"),
        max_length=255,
        required=False,
        help_text=_("For example: the class suits someone who handles procurement."),
    )


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person_label(person)


class AssignForm(forms.Form):
    """An HR officer gives an offered seat to one of their people. A plain select
    of the people in scope: a searchable picker may replace the widget."""

    person = _Person(label=_("Give the seat to"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
