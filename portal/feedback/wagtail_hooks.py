"""Suggestions and replies in the Wagtail admin, for the staff who answer them."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import selectors


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.can_handle(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return SuggestionsMenuItem(
        _("Suggestions (意見回應)"),
        reverse("feedback_admin_index"),
        icon_name="comment",
        order=278,
    )


@hooks.register("register_admin_urls")
def register_urls():
    from . import admin_views

    return [
        path("feedback/", admin_views.index, name="feedback_admin_index"),
        path("feedback/<id:pk>/", admin_views.detail, name="feedback_admin_detail"),
    ]


@hooks.register("register_permissions")
def register_permissions():
    """The reply permission shows in the admin's group editor: organizers have
    it by their role; another staff group may be given it."""
    return Permission.objects.filter(
        content_type__app_label="feedback", codename="reply_suggestion"
    )
