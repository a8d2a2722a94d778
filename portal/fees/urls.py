from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "fees"

urlpatterns = [
    path("lecturer/fees/", views.my_fees, name="list"),
    path("lecturer/fees/<id:pk>/", views.statement_detail, name="detail"),
    path("lecturer/fees/<id:pk>/confirm/", views.statement_confirm, name="confirm"),
    path("lecturer/fees/<id:pk>/dispute/", views.statement_dispute, name="dispute"),
]
