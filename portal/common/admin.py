"""Wagtail admin viewsets over personal data that always go through the selectors.

Each listing, edit, delete and inspect view gets its queryset from a selector that
takes the viewer, so an HR officer's admin shows only their agency and an object
outside the scope answers 404, exactly as on the site.
"""

from django.shortcuts import get_object_or_404
from wagtail.admin.viewsets.model import ModelViewSet


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
