"""Login forms of the site and the admin: a lock is told apart from a wrong password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .backends import login_lock
from .login_guard import lock_message


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
