import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import CourseCategory, DeliveryMode


def _month_choices(today):
    """From January of this year to twelve months ahead."""
    choices = []
    year, month = today.year, 1
    end = (today.year + 1, today.month)
    while (year, month) <= end:
        value = f"{year:04d}-{month:02d}"
        choices.append(
            (value, _("%(year)s-%(month)02d") % {"year": year, "month": month})
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class CatalogFilterForm(forms.Form):
    """The catalog's filters; invalid values are reported, not silently dropped."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    mode = forms.ChoiceField(
        label=_("Delivery mode"),
        required=False,
        choices=[("", _("All delivery modes")), *DeliveryMode.choices],
    )
    month = forms.ChoiceField(label=_("Month"), required=False)
    open = forms.BooleanField(label=_("Open for registration only"), required=False)

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is None:
            categories = CourseCategory.objects.all()
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, c.name) for c in categories
        ]
        self.fields["month"].choices = [("", _("Any month"))] + _month_choices(
            timezone.localdate()
        )

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)

    def selector_filters(self) -> dict:
        """The valid filters as the catalog search takes them; none if invalid."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        return {
            "category": data["category"] or None,
            "mode": data["mode"] or None,
            "month": data["month"],
            "open_only": data["open"],
        }


class SessionAdminForm(WagtailAdminModelForm):
    """Saves through the service, which locks the venue against double booking."""

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        timetable = self.formsets.get("timetable")
        if timetable is not None and start and end:
            timetable.is_valid()  # populate each period's cleaned_data
            for form in timetable.forms:
                day = getattr(form, "cleaned_data", {}).get("date")
                if (
                    day
                    and not form.cleaned_data.get("DELETE")
                    and not start <= day <= end
                ):
                    form.add_error(
                        "date", _("The date must fall within the session's dates.")
                    )
        return cleaned_data

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return services.session_save(
            session=self.instance, save=lambda: super(SessionAdminForm, self).save()
        )
