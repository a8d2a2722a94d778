from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.handouts.models import Handout

from . import selectors


class MaterialChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        course = f"（{obj.course.title}）" if obj.course_id else ""
        return f"{obj.title}{course}"


class ApplicationForm(forms.Form):
    """What a licensee fills in; the choices are only licensable materials, and
    the service checks them again, so a crafted POST cannot add others."""

    materials = MaterialChoiceField(
        label=_("Materials"),
        queryset=Handout.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one material."),
            "invalid_choice": _("That material cannot be licensed."),
            "invalid_pk_value": _("That material cannot be licensed."),
        },
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("How and in which training the materials will be used."),
    )
    audience = forms.CharField(
        label=pgettext_lazy("license", "Audience"),
        max_length=200,
        help_text=_("Who the training is for, e.g. new staff of the agency."),
    )
    period_start = forms.DateField(
        label=_("Use from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Use until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    users_count = forms.IntegerField(
        label=_("Number of users"), min_value=1, max_value=1_000_000
    )
    terms_accepted = forms.BooleanField(
        label=_("I have read and accept the terms of use."),
        error_messages={"required": _("You must accept the terms of use.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = selectors.licensable_material_list()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("The end of the period is before its start.")
            )
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Conditions or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Conditions when approving; the reason when refusing (required). "
            "The applicant receives it by e-mail."
        ),
    )
