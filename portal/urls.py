"""The service site's people pages (namespace ``portal``), served by the apps' views."""

from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.accounts import views as accounts_views
from portal.enrolment import views as enrolment_views
from portal.records import views as records_views

app_name = "portal"

urlpatterns = [
    path("my/classes/", enrolment_views.my_classes, name="my_classes"),
    path("my/hours/", records_views.my_hours, name="my_hours"),
    path("sessions/<id:session_id>/enrol/", enrolment_views.enrol, name="enrol"),
    path(
        "enrolments/<id:enrolment_id>/withdraw/",
        enrolment_views.withdraw,
        name="withdraw",
    ),
    path(
        "hr/enrolments/",
        enrolment_views.agency_enrolments,
        name="agency_enrolments",
    ),
    path("hr/hours/", records_views.agency_hours, name="agency_hours"),
    path("hr/mandatory/", records_views.agency_mandatory, name="agency_mandatory"),
    path("hr/nominate/", enrolment_views.nominate, name="nominate"),
    path(
        "hr/enrolments/<id:enrolment_id>/substitute/",
        enrolment_views.substitute,
        name="substitute",
    ),
    path("hr/people/search/", accounts_views.people_search, name="people_search"),
    path(
        "hr/people/<id:person_id>/",
        accounts_views.person_detail,
        name="person_detail",
    ),
    path(
        "hr/enrolments/<id:enrolment_id>/transfer/",
        enrolment_views.transfer,
        name="transfer",
    ),
    path("hr/import/", accounts_views.import_upload, name="import_upload"),
    path(
        "hr/import/<id:batch_id>/",
        accounts_views.import_review,
        name="import_review",
    ),
]
