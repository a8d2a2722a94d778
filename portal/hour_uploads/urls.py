from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "hour_uploads"

urlpatterns = [
    path("hr/hour-uploads/", views.batch_index, name="index"),
    path("hr/hour-uploads/<id:pk>/", views.batch_detail, name="detail"),
    path("hr/hour-uploads/<id:pk>/download/", views.batch_download, name="download"),
]
