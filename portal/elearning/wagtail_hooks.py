"""E-learning completions in the Wagtail admin: a menu item for organizers and
the admin URLs of ``admin_views``."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.accounts.access import is_organizer


class OrganizerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_organizer(request.user)


@hooks.register("register_admin_menu_item")
def register_elearning_menu_item():
    return OrganizerMenuItem(
        _("E-learning completions"),
        reverse("elearning_imports"),
        name="elearning-completions",
        icon_name="upload",
        order=310,
    )


@hooks.register("register_admin_urls")
def register_elearning_urls():
    from . import admin_views

    return [
        path("elearning/", admin_views.index, name="elearning_imports"),
        path("elearning/<id:pk>/", admin_views.detail, name="elearning_import"),
        path(
            "elearning/sessions/<id:session_id>/unfinished/",
            admin_views.unfinished,
            name="elearning_unfinished",
        ),
    ]
