from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "lecturers"

urlpatterns = [
    path("lecturer/", views.my_teaching, name="teaching"),
    path("lecturer/profile/", views.my_profile, name="profile"),
    path(
        "lecturer/profile/bank-account/",
        views.bank_account_change,
        name="bank_account",
    ),
    path("lecturer/invitation/<text:token>/", views.invitation, name="accept"),
]
