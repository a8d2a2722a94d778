from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "classday"

urlpatterns = [
    path("checkin/<text:token>/", views.checkin, name="checkin"),
    path("my/classes/<id:session_id>/day/", views.class_day, name="day"),
    path("votes/<id:vote_id>/", views.vote, name="vote"),
    path("votes/<id:vote_id>/results.json", views.vote_results, name="vote_results"),
]
