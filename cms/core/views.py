from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.defaults import page_not_found


def not_found(request, exception=None):
    """JSON in the API's error shape under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "not_found", "message": _("Not found."), "fields": {}}},
            status=404,
        )
    return page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """The API's error shape under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "code": "csrf_failed",
                    "message": _("The request was refused: CSRF check failed."),
                    "fields": {},
                }
            },
            status=403,
        )
    return django_csrf_failure(request, reason=reason)
