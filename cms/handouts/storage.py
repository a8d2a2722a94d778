"""Where handout files live: a storage that no URL maps to.

Handouts hold staff-only and enrolled-only material, so their files sit outside
MEDIA_ROOT (which the web server publishes) and leave only through views that
check who asks: Wagtail's serve view, the API download and licensed downloads.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_STORAGE_ALIAS = "private"


@deconstructible(path="cms.handouts.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, with no URL of their own."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # Wagtail and Django treat NotImplementedError as "no direct URL".
        raise NotImplementedError("Private files have no URL; a view serves them.")


def private_storage():
    """The storage of handout files (a callable, so migrations name no backend)."""
    return storages[PRIVATE_STORAGE_ALIAS]
