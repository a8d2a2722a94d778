"""Lecture fees in the Wagtail admin: rates and settings (edited as data), the
monthly register with its export and payments, and each statement."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.accounts import access

from .models import FeeRate, FeeSettings


class FeeRateViewSet(ModelViewSet):
    model = FeeRate
    icon = "tag"
    menu_label = _("Fee rates")
    form_fields = ["category", "amount", "effective_from", "effective_to", "source"]
    list_display = ["category", "amount", "effective_from", "effective_to"]
    list_filter = ["category"]
    copy_view_enabled = False


class FeeSettingsViewSet(ModelViewSet):
    model = FeeSettings
    icon = "cog"
    menu_label = _("Fee settings")
    form_fields = [
        "effective_from",
        "effective_to",
        "premium_rate",
        "premium_threshold",
        "tax_rate",
        "tax_threshold",
        "tax_minimum",
        "assistant_share",
        "materials_cap",
        "source",
    ]
    list_display = [
        "effective_from",
        "effective_to",
        "premium_rate",
        "premium_threshold",
        "tax_rate",
        "tax_threshold",
    ]
    copy_view_enabled = False


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_organizer(request.user)


class FeesGroup(ViewSetGroup):
    menu_label = _("Lecture fees")
    menu_icon = "tag"
    menu_order = 275
    items = (FeeRateViewSet("fee_rates"), FeeSettingsViewSet("fee_settings"))

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.menu.registered_menu_items[0:0] = [
            RegisterMenuItem(
                _("Monthly register"), reverse("fees_register"), icon_name="list-ul"
            ),
            RegisterMenuItem(
                _("Disputed statements"),
                reverse("fees_disputed"),
                name="fees-disputed",
                icon_name="warning",
            ),
        ]
        return item


@hooks.register("register_admin_viewset")
def register_fees_viewsets():
    return FeesGroup()


@hooks.register("register_admin_urls")
def register_fees_urls():
    from . import admin_views

    return [
        path("fees/register/", admin_views.register, name="fees_register"),
        path(
            "fees/register/export.xlsx",
            admin_views.register_export,
            name="fees_register_export",
        ),
        path(
            "fees/register/compute/",
            admin_views.register_compute,
            name="fees_register_compute",
        ),
        path("fees/register/pay/", admin_views.register_pay, name="fees_register_pay"),
        path("fees/statements/<id:pk>/", admin_views.statement, name="fees_statement"),
        path("fees/disputed/", admin_views.disputed, name="fees_disputed"),
    ]
