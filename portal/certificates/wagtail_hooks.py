"""Certificates in the Wagtail admin: the templates (snippets) and, for
organizers, the sessions' certificates to issue and revoke; a Certificates
button on each session of the session list."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.catalog.models import Session
from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from . import selectors
from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    """The wording, seal and signature of certificates, per language."""

    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = ["name", "language", "is_default", "title", "validity_months"]
    list_filter = ["language", "is_default"]
    copy_view_enabled = True


class IssueMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.can_manage_certificates(request.user)


class CertificatesGroup(SnippetViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "success"
    menu_order = 305
    items = (CertificateTemplateViewSet,)

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.menu.registered_menu_items[0:0] = [
            IssueMenuItem(
                _("Issue and revoke"),
                reverse("certificates_admin_index"),
                name="certificates-issue",
                icon_name="success",
            )
        ]
        return item


register_snippet(CertificatesGroup)


@hooks.register("register_admin_urls")
def register_certificates_urls():
    from . import admin_views

    return [
        path("certificates/", admin_views.index, name="certificates_admin_index"),
        path(
            "certificates/sessions/<id:session_id>/",
            admin_views.session_screen,
            name="certificates_admin_session",
        ),
        path(
            "certificates/<id:pk>/",
            admin_views.detail,
            name="certificates_admin_detail",
        ),
        path(
            "certificates/<id:pk>/revoke/",
            admin_views.revoke,
            name="certificates_admin_revoke",
        ),
        path(
            "certificates/<id:pk>/pdf/",
            admin_views.pdf,
            name="certificates_admin_pdf",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def session_certificates_button(snippet, user, next_url=None):
    """The session list's "More" menu: the session's certificates."""
    if isinstance(snippet, Session) and selectors.can_manage_certificates(user):
        yield Button(
            _("Certificates"),
            reverse("certificates_admin_session", args=[snippet.pk]),
            icon_name="success",
            priority=60,
        )


@hooks.register("register_permissions")
def register_certificate_permissions():
    """The issue permission shows in the admin's group editor: a staff group
    given it issues and revokes the certificates of every session (organizers
    do by their role)."""
    return Permission.objects.filter(
        content_type__app_label="certificates", codename="issue_certificate"
    )
