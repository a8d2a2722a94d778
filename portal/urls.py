from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import import_views, views

app_name = "portal"

urlpatterns = [
    path("my/classes/", views.my_classes, name="my_classes"),
    path("my/hours/", views.my_hours, name="my_hours"),
    path("sessions/<id:session_id>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<id:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("hr/enrolments/", views.agency_enrolments, name="agency_enrolments"),
    path("hr/hours/", views.agency_hours, name="agency_hours"),
    path("hr/nominate/", views.nominate, name="nominate"),
    path(
        "hr/enrolments/<id:enrolment_id>/substitute/",
        views.substitute,
        name="substitute",
    ),
    path("hr/people/<id:person_id>/", views.person_detail, name="person_detail"),
    path("hr/import/", import_views.import_upload, name="import_upload"),
    path("hr/import/<id:batch_id>/", import_views.import_review, name="import_review"),
]
