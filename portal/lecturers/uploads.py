"""The upload rules for a lecturer's material: the handouts' own (the allowed
file types and size of the Wagtail document settings, and the content checks of
``cms.handouts.validators``), so that what an organizer accepts can become a
handout without a second check."""

import hashlib
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cms.handouts.validators import validate_handout_content

_CHUNK = 1 << 20


@dataclass(frozen=True)
class UploadRules:
    extensions: tuple[str, ...]
    max_size: int

    @property
    def extensions_text(self) -> str:
        return "、".join(f".{ext}" for ext in self.extensions)

    @property
    def max_size_text(self) -> str:
        return filesizeformat(self.max_size)

    @property
    def accept(self) -> str:
        """For the file input's ``accept`` attribute."""
        return ",".join(f".{ext}" for ext in self.extensions)


def upload_rules() -> UploadRules:
    """The allowed file types and the largest size, from the handout settings."""
    return UploadRules(
        extensions=tuple(
            ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", ())
        ),
        max_size=int(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
    )


def _file_error(message, code, **params):
    return ValidationError({"file": ValidationError(message, code=code, params=params)})


def clean_filename(name: str) -> str:
    """The last part of the name the browser sent, without folders; a long name
    is shortened before its extension."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, extension = posixpath.splitext(name)
    extension = extension[:20]
    return stem[: 200 - len(extension)] + extension


def check_upload(file) -> tuple[str, int, str]:
    """Raise ValidationError (on ``file``) unless ``file`` keeps the handout
    upload rules; return its clean name, size and SHA-256."""
    rules = upload_rules()
    if file is None:
        raise _file_error(_("Choose a file to upload."), "file_required")
    name = clean_filename(getattr(file, "name", ""))
    extension = posixpath.splitext(name)[1][1:].lower()
    if not name or extension not in rules.extensions:
        raise _file_error(
            _("Files of this type cannot be uploaded. Allowed types: %(extensions)s."),
            "file_type",
            extensions=rules.extensions_text,
        )
    size = file.size
    if not size:
        raise _file_error(_("The file is empty."), "file_empty")
    if size > rules.max_size:
        raise _file_error(
            _("The file is %(size)s; files may be at most %(max)s."),
            "file_too_large",
            size=filesizeformat(size),
            max=rules.max_size_text,
        )
    validate_handout_content(file)
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return name, size, digest.hexdigest()
