"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from cms import urls as site_urls


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug on purpose")


urlpatterns = [
    *i18n_patterns(
        path("test-forbidden/", forbidden),
        path("test-broken/", broken),
        prefix_default_language=False,
    ),
    *site_urls.urlpatterns,
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
