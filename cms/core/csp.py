"""Content-Security-Policy for every response (django-csp).

The site's policy (settings.CONTENT_SECURITY_POLICY) is strict: scripts and
styles come from our own static files only, nothing inline. Two faces that we
do not template ourselves get what they need on top of it: the Wagtail and
Django admin (inline scripts in Wagtail's panels and widgets, inline styles and
SVG charts) and the API's Swagger UI (its inline <style>; its script is served
separately by SpectacularSwaggerSplitView).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
DOCS_PREFIXES = ("/api/v1/docs/",)

ADMIN_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
}
DOCS_POLICY = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
}


def extra_policy(path: str) -> dict | None:
    """What a path adds to the site's policy, if anything."""
    if path.startswith(ADMIN_PREFIXES):
        return ADMIN_POLICY
    if path.startswith(DOCS_PREFIXES):
        return DOCS_POLICY
    return None


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        extra = extra_policy(request.path_info)
        if extra and parts.replace is None and not report_only:
            parts.replace = extra
        return parts
