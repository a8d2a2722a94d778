"""Keep non-staff users inside their part of the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from wagtail.admin.auth import require_admin_access

from . import access


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def admin_match_allowed(user, match) -> bool:
    """Whether ``user`` may open the admin view of a URL ``match``."""
    return access.admin_view_allowed(user, match.view_name if match.url_name else None)


# Wagtail wraps every admin view that needs ``access_admin`` in
# ``require_admin_access`` (through update_wrapper, so the chain of ``__wrapped__``
# leads to it); its inner function's code object identifies it.
_ADMIN_GUARD_CODE = require_admin_access(lambda request: None).__code__


def _guarded_by_wagtail(view_func) -> bool:
    """Whether ``view_func`` is one of the views Wagtail keeps to admin users."""
    seen = 0
    while view_func is not None and seen < 20:
        if getattr(view_func, "__code__", None) is _ADMIN_GUARD_CODE:
            return True
        view_func = getattr(view_func, "__wrapped__", None)
        seen += 1
    return False


class AdminScopeMiddleware:
    """Answers 403 to a non-staff admin user (an HR officer, a moderator) who opens
    an admin view outside their allow-list: Wagtail's reports, histories, usage
    pages and searches list every object regardless of agency.

    A signed-in user without admin access (a trainee, a lecturer, a volunteer, a
    licensee) who opens an admin view gets a page that says the admin is for the
    institute's staff and links to their own pages, instead of Wagtail's sign-in
    form with an error. The anonymous are still sent to sign in by Wagtail, and
    requests from scripts keep Wagtail's plain 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if (
            match is None
            or user is None
            or not user.is_authenticated
            or not request.path_info.startswith(admin_prefix())
        ):
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            if request.headers.get(
                "x-requested-with"
            ) != "XMLHttpRequest" and _guarded_by_wagtail(view_func):
                return render(request, "accounts/staff_only.html", status=403)
            return None
        if not admin_match_allowed(user, match):
            raise PermissionDenied
        return None
