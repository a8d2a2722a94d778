from django.urls import path

from . import views

app_name = "licensing"

urlpatterns = [
    path("licenses/", views.license_list, name="list"),
    path("licenses/download/<str:token>/", views.license_download, name="download"),
    path("licenses/<str:reference>/", views.license_detail, name="detail"),
]
