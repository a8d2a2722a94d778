"""The site's error pages (403, 404, 500 and a failed CSRF check).

Under /api/ they answer in the API's error shape; the Wagtail admin keeps its own
pages (it catches its 404s and permission errors itself)."""

import logging

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from django.views.defaults import permission_denied as django_permission_denied

logger = logging.getLogger(__name__)

# The last resort when even the self-contained 500 template fails to render.
BARE_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8">'
    "<title>系統錯誤 Server error</title></head><body><main>"
    "<h1>系統暫時無法處理您的要求</h1><p>請稍後再試。</p>"
    '<p lang="en">Something went wrong. Please try again later.</p>'
    '<p><a href="/">回首頁 Home</a></p></main></body></html>'
)


def _api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "fields": {}}}, status=status
    )


def not_found(request, exception=None):
    """JSON in the API's error shape under /api/, the site's page elsewhere."""
    if _api(request):
        return _api_error("not_found", _("Not found."), 404)
    return page_not_found(request, exception)


def permission_denied(request, exception=None):
    """The site's 403 page (403.html); the API's error shape under /api/."""
    if _api(request):
        return _api_error(
            "permission_denied",
            _("You do not have permission to perform this action."),
            403,
        )
    return django_permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """The site's 403 page with a hint to reload the form; the API's shape under /api/."""
    if _api(request):
        return _api_error(
            "csrf_failed", _("The request was refused: CSRF check failed."), 403
        )
    template = loader.get_template("403.html")
    return HttpResponse(template.render({"csrf_failed": True}, request), status=403)


def server_error(request):
    """A page that needs no database and no context processors: whatever failed
    may be what they depend on. Falls back to a fixed bilingual page."""
    if _api(request):
        return _api_error(
            "server_error", _("Something went wrong. Please try again later."), 500
        )
    try:
        context = {
            "language": get_language() or "zh-hant",
            "css_url": static("css/site.css"),
            "home_url": reverse("wagtail_serve", args=[""]),
            "search_url": reverse("search"),
        }
        content = loader.get_template("500.html").render(context)
    except Exception:
        logger.exception("The 500 page could not be rendered.")
        content = BARE_SERVER_ERROR
    return HttpResponseServerError(content)
