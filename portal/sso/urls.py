from django.urls import path

from . import views

app_name = "sso"

# Outside the language prefix: the callback's address is registered at the
# provider and must not change with the language.
urlpatterns = [
    path("login/", views.CityLoginStartView.as_view(), name="login"),
    path("callback/", views.CityLoginCallbackView.as_view(), name="callback"),
]
