from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.permissions import NoAddPermissionPolicy

from .models import EmailTemplate, OutgoingEmail

register_permission_policy(OutgoingEmail, NoAddPermissionPolicy(OutgoingEmail))


class EmailTemplateViewSet(SnippetViewSet):
    model = EmailTemplate
    icon = "mail"
    menu_label = _("E-mail templates")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["key", "language", "subject"]
    list_filter = ["key", "language"]


class OutgoingEmailViewSet(ModelViewSet):
    """Staff see every e-mail's fate; failures show their error and can be retried."""

    model = OutgoingEmail
    name = "outgoing_emails"
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_admin_menu = False
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template_key"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "template_key",
        "to",
        "cc",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    form_fields = ["status"]


register_snippet(EmailTemplateViewSet)
