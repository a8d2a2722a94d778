from django.urls import path
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_class_day_urls():
    from . import admin_views

    return [
        path("classday/<int:session_id>/", admin_views.screen, name="classday_screen"),
        path("classday/<int:session_id>/qr.json", admin_views.qr, name="classday_qr"),
        path(
            "classday/<int:session_id>/arrivals.json",
            admin_views.arrivals,
            name="classday_arrivals",
        ),
        path(
            "classday/<int:session_id>/meals.xlsx",
            admin_views.meals_export,
            name="classday_meals_export",
        ),
    ]
