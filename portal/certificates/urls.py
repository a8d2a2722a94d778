from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "certificates"

urlpatterns = [
    path("my/certificates/", views.my_certificates, name="mine"),
    path("my/certificates/request/", views.request_certificate, name="request"),
    path("my/certificates/<id:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("certificates/verify/", views.verify_form, name="verify_form"),
    path("certificates/verify/<text:code>/", views.verify, name="verify"),
]
