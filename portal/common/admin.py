"""Wagtail admin viewsets over personal data that always go through the selectors.

Each listing, edit, delete and inspect view gets its queryset from a selector that
takes the viewer, so an HR officer's admin shows only their agency and an object
outside the scope answers 404, exactly as on the site.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.accounts.names import display_name


class _ScopedMixin:
    scoped_selector = (
        None  # set by ScopedModelViewSet: callable(viewer=...) -> queryset
    )

    def scoped_queryset(self):
        return type(self).scoped_selector(viewer=self.request.user)


class _ScopedIndex(_ScopedMixin):
    def get_base_queryset(self):
        return self.scoped_queryset()


class _ScopedObject(_ScopedMixin):
    def get_queryset(self):
        return self.scoped_queryset()


class _ScopedInspect(_ScopedMixin):
    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=self.pk)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view reads through ``selector``."""

    selector = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        selector = staticmethod(type(self).selector)
        for attr, mixin in (
            ("index_view_class", _ScopedIndex),
            ("edit_view_class", _ScopedObject),
            ("delete_view_class", _ScopedObject),
            ("inspect_view_class", _ScopedInspect),
        ):
            base = getattr(self, attr)
            setattr(
                self,
                attr,
                type(
                    f"Scoped{base.__name__}",
                    (mixin, base),
                    {"scoped_selector": selector},
                ),
            )


class NamedUserIndexView(IndexView):
    """A listing whose first column ``"user"`` shows the person's name (linked to
    the object, as Wagtail's title column), not their username."""

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        if field_name != "user":
            return super()._get_title_column(field_name, column_class, **kwargs)
        return self._get_title_column_class(column_class)(
            "user",
            label=_("Name"),
            accessor=lambda obj: display_name(obj.user),
            sort_key="user__person__name",
            get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
        )


def yes_no_column(field_name, label):
    """A boolean as words (是／否), not True/False or an icon titled so."""
    return Column(
        field_name,
        label=label,
        accessor=lambda obj: _("Yes") if getattr(obj, field_name) else _("No"),
        sort_key=field_name,
    )
