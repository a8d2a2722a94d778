from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def plain(request):
    return HttpResponse("CivicLearn benchmark baseline")


urlpatterns = [path("bench/plain/", plain), *site_urlpatterns]
