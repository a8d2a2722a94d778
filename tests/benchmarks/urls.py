from django.http import HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as site_urlpatterns

# Wagtail's own v2 pages API, mounted here only to compare against.
v2 = WagtailAPIRouter("wagtailapi_v2")
v2.register_endpoint("pages", PagesAPIViewSet)

PLAIN_BODY = {"bytes": b"CivicLearn benchmark baseline"}


def plain(request):
    return HttpResponse(PLAIN_BODY["bytes"], content_type="application/json")


urlpatterns = [path("bench/plain/", plain), path("api/v2/", v2.urls), *site_urlpatterns]
