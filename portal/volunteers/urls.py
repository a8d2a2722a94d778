from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "volunteers"

urlpatterns = [
    path("volunteer/", views.home, name="home"),
    path("volunteer/shifts/<id:shift_id>/signup/", views.signup, name="signup"),
    path("volunteer/signups/<id:signup_id>/cancel/", views.cancel, name="cancel"),
    path("volunteer/signups/<id:signup_id>/late/", views.late_request, name="late"),
    path("volunteer/clock/<text:token>/", views.clock, name="clock"),
    path("volunteer/hours/", views.hours, name="hours"),
    path(
        "volunteer/hours/<id:year>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("volunteer/coverage/", views.coverage, name="coverage"),
    path("volunteer/plan/", views.plan, name="plan"),
    path("volunteer/shifts/<id:shift_id>/", views.shift_detail, name="shift_detail"),
    path(
        "volunteer/coverage/national.xlsx",
        views.national_export,
        name="national_export",
    ),
    path(
        "volunteer/volunteers/<id:volunteer_id>/",
        views.volunteer_detail,
        name="volunteer_detail",
    ),
    path(
        "volunteer/requests/<id:request_id>/decide/",
        views.request_decide,
        name="request_decide",
    ),
    path("volunteer/posts/<id:post_id>/screen/", views.post_screen, name="post_screen"),
    path("volunteer/posts/<id:post_id>/qr.json", views.post_qr, name="post_qr"),
    path(
        "volunteer/posts/<id:post_id>/arrivals.json",
        views.post_arrivals,
        name="post_arrivals",
    ),
]
