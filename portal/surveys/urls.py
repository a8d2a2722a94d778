from django.urls import path

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import views

app_name = "surveys"

urlpatterns = [path("questionnaires/<id:pk>/", views.answer, name="answer")]
