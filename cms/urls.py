import posixpath
import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api as wagtail_api_v3
from wagtail.documents import urls as wagtaildocs_urls

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from cms.handouts.api_v3 import restrict_documents_api
from portal.accounts import urls as accounts_urls
from portal.recommendations import views as recommendation_views
from search import views as search_views

restrict_documents_api()

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("api.urls")),
    path("api/v3/", wagtail_api_v3.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Single sign-on (portal.sso): 404 unless an OIDC provider is configured.
    path("sso/", include("portal.sso.urls")),
]

# Language-prefixed pages: zh-Hant at /, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path(
        "recommendations/<id:course_id>/go/",
        recommendation_views.follow,
        name="recommendation_follow",
    ),
    path("accounts/", include(accounts_urls)),
    path("", include("portal.licensing.urls")),
    path("", include("portal.classday.urls")),
    path("", include("portal.surveys.urls")),
    path("", include("portal.lecturers.urls")),
    path("", include("portal.fees.urls")),
    path("", include("portal.authorizations.urls")),
    path("", include("portal.certificates.urls")),
    path("", include("portal.feedback.urls")),
    path("", include("portal.exchanges.urls")),
    path("", include("portal.volunteers.urls")),
    path("", include("portal.hour_uploads.urls")),
    path("", include("portal.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    from django.http import Http404
    from django.urls import re_path
    from django.views.static import serve

    def public_media(request, path):
        """Development serves the image folders of MEDIA_ROOT only, as the web
        server must in production: handouts are not there, and nothing else leaks."""
        path = posixpath.normpath(path).lstrip("/")
        if path.split("/", 1)[0] not in settings.MEDIA_PUBLIC_DIRS:
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    _media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns = [
        re_path(rf"^{_media_prefix}(?P<path>.*)$", public_media)
    ] + urlpatterns

handler403 = "cms.core.views.permission_denied"
handler404 = "cms.core.views.not_found"
handler500 = "cms.core.views.server_error"
