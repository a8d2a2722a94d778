from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "exchanges"

urlpatterns = [
    path("seat-exchange/", views.offer_list, name="list"),
    path("seat-exchange/<id:pk>/take/", views.offer_take, name="take"),
    path("hr/seat-exchange/<id:pk>/assign/", views.offer_assign, name="assign"),
    path("my/classes/<id:enrolment_id>/offer-seat/", views.offer_new, name="offer"),
    path("my/seat-offers/<id:pk>/withdraw/", views.offer_withdraw, name="withdraw"),
]
