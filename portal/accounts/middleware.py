"""Keep non-staff users inside their part of the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from . import access


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def admin_match_allowed(user, match) -> bool:
    """Whether ``user`` may open the admin view of a URL ``match``."""
    return access.admin_view_allowed(user, match.view_name if match.url_name else None)


class AdminScopeMiddleware:
    """Answers 403 to a non-staff admin user (an HR officer, a moderator) who opens
    an admin view outside their allow-list: Wagtail's reports, histories, usage
    pages and searches list every object regardless of agency.

    Users without admin access are left to Wagtail, which sends them to sign in."""

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
            or not user.has_perm("wagtailadmin.access_admin")
        ):
            return None
        if not admin_match_allowed(user, match):
            raise PermissionDenied
        return None
