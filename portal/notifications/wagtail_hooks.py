from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.core.permissions import ReadOnlyPermissionPolicy
from portal.accounts.access import is_organizer

from . import selectors, services
from .models import EmailStatus, EmailTemplate, OutgoingEmail

# Rows are written by the e-mail service only: an edited status or body would
# skip the queue (or claim a mail was sent). Failures are retried from the
# inspect screen, through the service.
register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))


class EmailTemplateViewSet(SnippetViewSet):
    model = EmailTemplate
    icon = "mail"
    menu_label = gettext_lazy("E-mail templates")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["key", "language", "subject", "render_failed_at"]
    list_filter = ["key", "language"]


class OutgoingEmailInspectView(InspectView):
    """One e-mail's fate; a failed one can be queued again."""

    template_name = "notifications/admin/outgoing_email_inspect.html"

    def can_retry(self):
        return (
            is_organizer(self.request.user) and self.object.status == EmailStatus.FAILED
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_retry"] = self.can_retry()
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_retry():
            raise PermissionDenied
        if services.email_retry(email=self.object):
            messages.success(request, _("The e-mail is queued again."))
        return redirect(request.path)


class OutgoingEmailViewSet(ModelViewSet):
    """Staff see every e-mail's fate; failures show their error and can be retried."""

    model = OutgoingEmail
    name = "outgoing_emails"
    icon = "mail"
    menu_label = gettext_lazy("Outgoing e-mails")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template_key"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_class = OutgoingEmailInspectView
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
        "next_attempt_at",
        "sent_at",
    ]
    # Required by ModelViewSet; the edit view is closed by the policy above.
    form_fields = ["status"]


class FailedTemplatesPanel(Component):
    """On the dashboard: e-mail templates whose wording failed and was replaced."""

    name = "failed_email_templates"
    template_name = "notifications/admin/failed_templates_panel.html"
    order = 50

    def __init__(self, templates):
        self.templates = templates

    def get_context_data(self, parent_context):
        return {"templates": self.templates}


@hooks.register("construct_homepage_panels")
def add_failed_templates_panel(request, panels):
    if not request.user.has_perm("notifications.view_emailtemplate"):
        return
    failed = list(selectors.email_template_failed_list()[:20])
    if failed:
        panels.append(FailedTemplatesPanel(failed))


register_snippet(EmailTemplateViewSet)
