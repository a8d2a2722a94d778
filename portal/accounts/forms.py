"""Forms of accounts: sign-in (a lock is told apart from a wrong password), the HR
pages' scoped filters and the staff list upload."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from . import imports
from .backends import login_lock
from .login_guard import lock_message
from .selectors import agency_list


class LockAwareLoginMixin:
    """Say "locked, try again later" (code ``locked``) rather than "wrong password"."""

    def get_invalid_login_error(self):
        lock = login_lock(self.request)
        if lock is not None:
            return forms.ValidationError(lock_message(lock), code="locked")
        return super().get_invalid_login_error()

    @property
    def lock(self):
        return login_lock(self.request)


class SiteLoginForm(LockAwareLoginMixin, AuthenticationForm):
    """The site's login form (``accounts:login``)."""


class AdminLoginForm(LockAwareLoginMixin, WagtailLoginForm):
    """The Wagtail admin's login form (``WAGTAILADMIN_USER_LOGIN_FORM``)."""


def year_choices():
    """This year and next, then the ten years before, newest first."""
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 11, -1)]


class ScopedFilterForm(forms.Form):
    """The agency and name filters of the HR pages: agencies of the viewer's scope."""

    agency = forms.ModelChoiceField(
        label=_("Agency or unit"), queryset=None, required=False, empty_label=_("All")
    )
    name = forms.CharField(label=_("Name contains"), required=False, max_length=40)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list(viewer=viewer)


class StaffListForm(forms.Form):
    """The upload of a staff list (CSV or Excel) to import."""

    file = forms.FileField(
        label=_("Staff list (CSV or Excel)"),
        help_text=_("A .csv or .xlsx file of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                   "officedocument.spreadsheetml.sheet"}
        ),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        imports.check_upload(upload.name, upload.size)
        return upload
