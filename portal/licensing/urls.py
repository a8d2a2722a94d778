from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "licensing"

urlpatterns = [
    path("licenses/", views.license_list, name="list"),
    path("licenses/download/<text:token>/", views.license_download, name="download"),
    path("licenses/<text:reference>/", views.license_detail, name="detail"),
]
