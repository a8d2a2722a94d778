"""Lecturers (師資庫) in the Wagtail admin: list and search by name and
expertise, edit the record (never the bank account), invite to an account, and
inspect teaching history and evaluations; the review of lecturer material."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.models import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)
from portal.accounts import access

from . import selectors, services
from .forms import InviteForm
from .models import LecturerProfile


class ProfileIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.lecturer_profile_list(
            viewer=self.request.user,
            query=self.search_query,
            tag=self.request.GET.get("tag", ""),
        )

    def search_queryset(self, queryset):
        return queryset  # the selector searched name, title and expertise


class ProfileEditView(EditView):
    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        return selectors.lecturer_profile_get(viewer=self.request.user, pk=pk)


class ProfileInspectView(InspectView):
    """The record, its teaching history by year and its evaluations."""

    template_name = "lecturers/admin/inspect.html"

    def get_object(self, queryset=None):
        return selectors.lecturer_profile_get(viewer=self.request.user, pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.object
        context.update(
            {
                "profile": profile,
                "history": selectors.teaching_history(
                    viewer=self.request.user, profile=profile
                ),
                "ratings": selectors.lecturer_ratings(
                    viewer=self.request.user, profile=profile
                ),
                "invite_form": kwargs.get("invite_form")
                or InviteForm(initial={"email": profile.email}),
                "invite_url": reverse("lecturer_profiles:invite", args=[profile.pk]),
            }
        )
        return context


def invite_view(request, pk):
    """POST: send the invitation e-mail; staff only."""
    profile = selectors.lecturer_profile_get(viewer=request.user, pk=pk)
    if request.method != "POST" or not access.is_institute_staff(request.user):
        return redirect("lecturer_profiles:inspect", pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.lecturer_invite(
                profile=profile,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
    else:
        messages.error(request, " ".join(form.errors.get("email", [])))
    return redirect("lecturer_profiles:inspect", pk)


class LecturerProfileViewSet(ModelViewSet):
    """The lecturer records (師資庫)."""

    model = LecturerProfile
    icon = "user"
    menu_label = gettext_lazy("Lecturers (師資庫)")
    menu_order = 260
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ProfileIndexView
    edit_view_class = ProfileEditView
    inspect_view_class = ProfileInspectView
    list_display = ["lecturer", "category", "email", "user", "bank_account_masked"]
    list_filter = ["category", "distance_band"]
    search_fields = ["lecturer__name"]
    panels = [
        FieldPanel("lecturer"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("distance_band")]),
        FieldPanel("expertise"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email")],
            heading=gettext_lazy("Contact"),
        ),
        FieldPanel("education"),
        FieldPanel("experience"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/invite/", invite_view, name="invite"),
        ]


@hooks.register("register_admin_viewset")
def register_lecturer_profile_viewset():
    return LecturerProfileViewSet("lecturer_profiles")


class MaterialsMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.may_review_materials(request.user)


@hooks.register("register_admin_menu_item")
def register_materials_menu_item():
    return MaterialsMenuItem(
        gettext_lazy("Lecturer materials"),
        reverse("lecturer_materials"),
        icon_name="doc-full",
        order=262,
    )


@hooks.register("register_admin_urls")
def register_materials_urls():
    from . import admin_views

    return [
        path(
            "lecturer-materials/", admin_views.review_index, name="lecturer_materials"
        ),
        path(
            "lecturer-materials/<id:pk>/",
            admin_views.review_detail,
            name="lecturer_material",
        ),
        path(
            "lecturer-materials/<id:pk>/download/",
            admin_views.review_download,
            name="lecturer_material_download",
        ),
    ]


@hooks.register("register_permissions")
def register_materials_permissions():
    """The review permission shows in the admin's group editor: a group given it
    reviews the material of every session (organizers review by their role)."""
    return Permission.objects.filter(
        content_type__app_label="lecturers", codename="review_materialsubmission"
    )
