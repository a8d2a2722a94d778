from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [path("questionnaires/<int:pk>/", views.answer, name="answer")]
