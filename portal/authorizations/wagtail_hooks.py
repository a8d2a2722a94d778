"""The authorization register in the Wagtail admin, for institute staff."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.accounts import access


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_institute_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return StaffMenuItem(
        _("Authorization register"),
        reverse("authorizations_admin_register"),
        icon_name="doc-full",
        order=276,
    )


@hooks.register("register_admin_urls")
def register_urls():
    from . import admin_views

    return [
        path(
            "authorizations/",
            admin_views.register,
            name="authorizations_admin_register",
        ),
        path(
            "authorizations/export.xlsx",
            admin_views.register_export,
            name="authorizations_admin_export",
        ),
        path(
            "authorizations/new/",
            admin_views.create,
            name="authorizations_admin_create",
        ),
        path(
            "authorizations/<id:pk>/",
            admin_views.detail,
            name="authorizations_admin_detail",
        ),
        path(
            "authorizations/<id:pk>/send/",
            admin_views.send,
            name="authorizations_admin_send",
        ),
        path(
            "authorizations/<id:pk>/paper/",
            admin_views.record_paper,
            name="authorizations_admin_paper",
        ),
        path(
            "authorizations/<id:pk>/withdraw/",
            admin_views.withdraw,
            name="authorizations_admin_withdraw",
        ),
        path(
            "authorizations/<id:pk>/document/",
            admin_views.document,
            name="authorizations_admin_document",
        ),
        path(
            "authorizations/<id:pk>/verify/",
            admin_views.verify,
            name="authorizations_admin_verify",
        ),
    ]
