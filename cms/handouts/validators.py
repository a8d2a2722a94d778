"""Refuse uploads whose content is dangerous whatever their file name says."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Markers of content a browser could execute or render in our origin, and of
# native executables; checked against the start of the file, case-folded.
_DANGEROUS_PREFIXES = (
    b"mz",  # Windows PE
    b"\x7felf",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\xcf\xfa\xed\xfe",
    b"#!",
)
_MARKUP_MARKERS = (b"<!doctype html", b"<html", b"<svg", b"<script", b"<?xml", b"<body")
# Extensions whose files must start with a known signature.
_SIGNATURES = {
    "pdf": (b"%pdf-",),
    "docx": (b"pk\x03\x04",),
    "xlsx": (b"pk\x03\x04",),
    "pptx": (b"pk\x03\x04",),
    "odt": (b"pk\x03\x04",),
    "ods": (b"pk\x03\x04",),
    "odp": (b"pk\x03\x04",),
    "zip": (b"pk\x03\x04", b"pk\x05\x06"),
    "png": (b"\x89png",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
}
_EXECUTABLE_MEMBERS = (
    ".exe",
    ".dll",
    ".bat",
    ".cmd",
    ".com",
    ".scr",
    ".js",
    ".vbs",
    ".ps1",
    ".sh",
    ".jar",
    ".msi",
    ".html",
    ".htm",
    ".svg",
)


def validate_handout_content(file):
    """Raise ValidationError for HTML, SVG, scripts and executables, however named."""
    name = (getattr(file, "name", "") or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(2048)
    file.seek(position)
    if isinstance(head, str):
        head = head.encode()
    folded = head.lower()
    stripped = folded.lstrip(b"\xef\xbb\xbf \t\r\n")
    refused = ValidationError(
        {
            "file": _(
                "This kind of file cannot be uploaded (HTML, SVG, scripts and programs are refused)."
            )
        },
        code="dangerous_file",
    )
    if stripped.startswith(_DANGEROUS_PREFIXES):
        raise refused
    signatures = _SIGNATURES.get(extension)
    if signatures:
        # A binary format must carry its own signature; markup cannot pass for one.
        if not folded.startswith(signatures):
            raise ValidationError(
                {
                    "file": _(
                        "The file's content does not match its .%(ext)s extension."
                    )
                    % {"ext": extension}
                },
                code="mismatched_content",
            )
    elif any(marker in folded for marker in _MARKUP_MARKERS):
        raise refused
    if extension == "zip":
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                if any(
                    n.lower().endswith(_EXECUTABLE_MEMBERS) for n in archive.namelist()
                ):
                    raise refused
        except zipfile.BadZipFile as exc:
            raise ValidationError({"file": _("The archive is damaged.")}) from exc
        finally:
            file.seek(position)
