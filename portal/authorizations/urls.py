from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "authorizations"

urlpatterns = [
    path("lecturer/authorizations/", views.my_authorizations, name="list"),
    path(
        "lecturer/authorizations/<id:pk>/",
        views.authorization_detail,
        name="detail",
    ),
    path(
        "lecturer/authorizations/<id:pk>/sign/",
        views.authorization_sign,
        name="sign",
    ),
    path(
        "lecturer/authorizations/<id:pk>/decline/",
        views.authorization_decline,
        name="decline",
    ),
    path(
        "lecturer/authorizations/<id:pk>/withdraw/",
        views.authorization_withdraw,
        name="withdraw",
    ),
    path(
        "lecturer/authorizations/<id:pk>/document/",
        views.authorization_document,
        name="document",
    ),
    path(
        "lecturer/authorizations/sign/<text:token>/",
        views.sign_link,
        name="sign_link",
    ),
]
