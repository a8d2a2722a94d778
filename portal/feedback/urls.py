from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.board, name="board"),
    path("my/feedback/", views.my_suggestions, name="mine"),
    path("my/feedback/new/", views.suggestion_new, name="new"),
    path(
        "my/feedback/<id:pk>/withdraw/",
        views.suggestion_withdraw,
        name="withdraw",
    ),
]
