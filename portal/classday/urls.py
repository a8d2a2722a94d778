from django.urls import path

from . import views

app_name = "classday"

urlpatterns = [
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("my/classes/<int:session_id>/day/", views.class_day, name="day"),
    path("votes/<int:vote_id>/", views.vote, name="vote"),
    path("votes/<int:vote_id>/results.json", views.vote_results, name="vote_results"),
]
