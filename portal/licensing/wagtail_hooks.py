"""The license register and the review screen in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.core.permissions import ReadOnlyPermissionPolicy
from portal.accounts import access

from . import selectors, services
from .forms import ReviewForm
from .models import LicenseApplication, Status

# What each step is called on its button.
ACTIONS = {
    Status.UNDER_REVIEW: gettext_lazy("Start the review"),
    Status.APPROVED: gettext_lazy("Approve"),
    Status.REFUSED: pgettext_lazy("license", "Refuse"),
    Status.GRANTED: gettext_lazy("Grant and send the download links"),
}


# Listed and shown only: every change goes through the review screen and services.
register_permission_policy(
    LicenseApplication, ReadOnlyPermissionPolicy(LicenseApplication)
)


class RegisterIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.license_register(viewer=self.request.user)


class ReviewView(InspectView):
    """The application, its history and downloads, and the next steps."""

    template_name = "licensing/admin/review.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.license_register(viewer=self.request.user), pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_review = access.can_review_licenses(self.request.user)
        context.update(
            {
                "application": self.object,
                "events": selectors.license_event_list(application=self.object),
                "downloads": selectors.license_download_list(application=self.object),
                "unauthorized_ids": selectors.unauthorized_material_ids(
                    application=self.object
                ),
                "review_actions": [
                    (status, ACTIONS[status])
                    for status in services.TRANSITIONS.get(self.object.status, ())
                ]
                if can_review
                else [],
                "form": kwargs.get("form") or ReviewForm(),
            }
        )
        context["review_actions"].sort(key=lambda action: action[0] == Status.REFUSED)
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        to_status = request.POST.get("to_status", "")
        if form.is_valid():
            try:
                services.application_transition(
                    application=self.object,
                    actor=request.user,
                    to_status=to_status,
                    note=form.cleaned_data["note"],
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                )
            except PermissionDenied:
                raise
            except ValidationError as error:
                # Each error is kept whole (its code too), all under the note.
                if hasattr(error, "error_dict"):
                    refused = error.error_dict.values()
                else:
                    refused = [error.error_list]
                for field_errors in refused:
                    for one in field_errors:
                        form.add_error("note", one)
            else:
                messages.success(
                    request,
                    _(
                        "%(reference)s is now “%(status)s”; the applicant is told by e-mail."
                    )
                    % {
                        "reference": self.object.reference,
                        "status": Status(to_status).label,
                    },
                )
                return redirect(self.request.path)
        return self.render_to_response(self.get_context_data(form=form))


class LicenseViewSet(ModelViewSet):
    """The register of licenses (教材授權登記簿)."""

    model = LicenseApplication
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Licenses")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = RegisterIndexView
    inspect_view_class = ReviewView
    form_fields = ["conditions"]
    list_display = [
        "reference",
        "agency",
        "status",
        "period_start",
        "period_end",
        "submitted_at",
        "download_total",
    ]
    list_filter = ["status", "agency", "period_start", "submitted_at"]
    search_fields = ["reference", "purpose", "audience"]
    list_export = [
        "reference",
        "agency",
        "material_titles",
        "period_start",
        "period_end",
        "users_count",
        "purpose",
        "audience",
        "conditions",
        "status",
        "submitted_at",
        "granted_at",
        "download_total",
    ]
    export_headings = {
        "material_titles": gettext_lazy("Materials"),
        "download_total": gettext_lazy("Downloads"),
    }
    export_filename = "licenses"


@hooks.register("register_admin_viewset")
def register_license_viewset():
    return LicenseViewSet("licenses")
