from django.urls import path
from wagtail import hooks

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)


@hooks.register("register_admin_urls")
def register_class_day_urls():
    from . import admin_views

    return [
        path("classday/<id:session_id>/", admin_views.screen, name="classday_screen"),
        path("classday/<id:session_id>/qr.json", admin_views.qr, name="classday_qr"),
        path(
            "classday/<id:session_id>/arrivals.json",
            admin_views.arrivals,
            name="classday_arrivals",
        ),
        path(
            "classday/<id:session_id>/meals.xlsx",
            admin_views.meals_export,
            name="classday_meals_export",
        ),
    ]
