from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import material_views, views

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
    path("lecturer/materials/", material_views.my_materials, name="materials"),
    path(
        "lecturer/materials/<id:pk>/",
        material_views.material_detail,
        name="material",
    ),
    path(
        "lecturer/materials/<id:pk>/withdraw/",
        material_views.material_withdraw,
        name="material_withdraw",
    ),
    path(
        "lecturer/materials/<id:pk>/download/",
        material_views.material_download,
        name="material_download",
    ),
]
