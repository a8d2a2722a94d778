"""Refuse uploads whose content is dangerous whatever their file name says.

Checked: the name, the start of every file, the whole of text files, the
structure of PDFs (pypdf), Office files (OOXML and ODF packages, and legacy OLE
files through olefile) and the members of ZIP archives.
"""

import io
import re
import struct
import zipfile
import zlib

import olefile
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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
# Searched through the whole of a text file: a browser that sniffs, or a reader
# that opens the file as a page, must find no markup anywhere.
_TEXT_MARKUP_MARKERS = _MARKUP_MARKERS + (
    b"<!doctype",
    b"<head",
    b"<iframe",
    b"<frame",
    b"<object",
    b"<embed",
    b"<meta",
    b"<style",
    b"<img",
    b"<link",
    b"<form",
    b"<base",
    b"<math",
)
_TEXT_EXTENSIONS = {"txt", "csv"}
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_PK = b"pk\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
# Extensions whose files must start with a known signature.
_SIGNATURES = {
    "pdf": (b"%pdf-",),
    "docx": (_PK,),
    "xlsx": (_PK,),
    "pptx": (_PK,),
    "odt": (_PK,),
    "ods": (_PK,),
    "odp": (_PK,),
    "zip": (_PK, b"pk\x05\x06"),
    "png": (b"\x89png",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "doc": (_OLE,),
    "xls": (_OLE,),
    "ppt": (_OLE,),
}
_OOXML = {"docx", "xlsx", "pptx"}
_ODF = {"odt", "ods", "odp"}
_LEGACY_OFFICE = {"doc", "xls", "ppt"}
_PROGRAM_EXTENSIONS = (
    ".exe",
    ".dll",
    ".bat",
    ".cmd",
    ".com",
    ".scr",
    ".pif",
    ".cpl",
    ".js",
    ".jse",
    ".vbs",
    ".vbe",
    ".wsf",
    ".ps1",
    ".sh",
    ".jar",
    ".msi",
    ".lnk",
    ".reg",
    ".hta",
)
# Pages a browser renders: refused as uploads and in archives, but harmless as
# parts of an Office file (PowerPoint keeps icons as SVG, Word imports HTML).
_PAGE_EXTENSIONS = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".mht",
    ".mhtml",
    ".svg",
)
_EXECUTABLE_MEMBERS = _PROGRAM_EXTENSIONS + _PAGE_EXTENSIONS
_ARCHIVE_MEMBERS = (
    ".zip",
    ".7z",
    ".rar",
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".cab",
    ".iso",
    ".img",
    ".arj",
    ".lzh",
    ".zst",
)
_ARCHIVE_SIGNATURES = (
    _PK,
    b"pk\x05\x06",
    b"rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
    b"bzh",
    b"\xfd7zxz",
    b"mscf",
    b"\x28\xb5\x2f\xfd",
)
# PDF names that run code or start programs, wherever they appear.
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/XFA", "/Launch"}
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/RichMediaExecute", "/ImportData"}
_PDF_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.S)
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
_PDF_MAX_OBJECTS = 2_000_000
_CHUNK = 1 << 20
_NESTING = 3  # Office files inside Office files inside a ZIP, at most


def _error(message, code, **params):
    return ValidationError({"file": ValidationError(message, code=code, params=params)})


def _refused():
    return _error(
        _(
            "This kind of file cannot be uploaded (HTML, SVG, scripts and programs "
            "are refused)."
        ),
        "dangerous_file",
    )


def _damaged():
    return _error(
        _("The file is damaged or cannot be read. Save it again and upload it."),
        "damaged_file",
    )


def _executable_name(name: str, extensions=_EXECUTABLE_MEMBERS) -> bool:
    return name.lower().rstrip(". \x00").endswith(extensions)


def _program_name(name: str) -> bool:
    return _executable_name(name, _PROGRAM_EXTENSIONS)


def validate_handout_content(file):
    """Raise ValidationError for HTML, SVG, scripts, executables, active content
    in PDFs and Office files and nested archives, however named."""
    name = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    if name != name.rstrip(". "):
        # Windows drops trailing dots and spaces: "setup.exe." becomes setup.exe.
        raise _error(
            _("A file name cannot end with a space or a dot."), "bad_file_name"
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        _check_content(file, name.lower(), depth=0)
    finally:
        file.seek(position)


def _check_content(stream, name: str, *, depth: int):
    """Check one file (an upload, or a member of an archive or Office file)."""
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if _executable_name(name):
        raise _refused()
    head = stream.read(2048)
    stream.seek(0)
    if isinstance(head, str):
        head = head.encode()
    folded = head.lower()
    stripped = folded.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(_DANGEROUS_PREFIXES):
        raise _refused()
    signatures = _SIGNATURES.get(extension)
    if signatures:
        # A binary format must carry its own signature; markup cannot pass for one.
        if not folded.startswith(signatures):
            raise _error(
                _("The file's content does not match its .%(ext)s extension."),
                "mismatched_content",
                ext=extension,
            )
    elif any(marker in folded for marker in _MARKUP_MARKERS):
        raise _refused()
    if extension == "pdf":
        _check_pdf(stream)
    elif extension in _OOXML or extension in _ODF:
        _check_office_package(stream, depth=depth)
    elif extension in _LEGACY_OFFICE:
        _check_ole(stream.read())
    elif extension == "zip":
        if depth:
            raise _nested()
        _check_zip(stream)
    elif extension in _TEXT_EXTENSIONS:
        _check_text(stream)


# Text ------------------------------------------------------------------------


def _check_text(stream):
    tail = b""
    first = True
    while chunk := stream.read(_CHUNK):
        if isinstance(chunk, str):
            chunk = chunk.encode()
        if (first and chunk.startswith(_UNICODE_BOMS)) or b"\x00" in chunk:
            # UTF-16/32 hides markup from byte checks and is sniffed by browsers.
            raise _error(
                _("Text files must be saved as UTF-8 (UTF-16 is not accepted)."),
                "text_encoding",
            )
        first = False
        window = tail + chunk.lower()
        if any(marker in window for marker in _TEXT_MARKUP_MARKERS):
            raise _error(
                _(
                    "This text file contains HTML or other markup; it cannot be "
                    "uploaded. Upload a PDF instead."
                ),
                "markup_in_text",
            )
        tail = window[-16:]


# PDF -------------------------------------------------------------------------


def _pdf_active():
    return _error(
        _(
            "This PDF contains JavaScript, automatic actions or launches programs; "
            "it cannot be uploaded. Print it to a new PDF and upload that."
        ),
        "pdf_active_content",
    )


def _check_pdf(stream):
    data = stream.read()
    # Names outside stream bodies, escapes decoded (/J#61vaScript): what a reader
    # that repairs a broken file might still find.
    for match in _PDF_NAME.finditer(_PDF_STREAM_BODY.sub(b" ", data)):
        name = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
        if "/" + name.decode("latin-1") in _PDF_ACTIVE_KEYS:
            raise _pdf_active()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            encrypted = True
        else:
            encrypted = False
            found = _pdf_active_content(reader)
    except Exception as exc:  # pypdf raises many kinds on malformed input
        raise _damaged() from exc
    if encrypted:
        raise _error(
            _("Password-protected PDFs cannot be checked; remove the password."),
            "encrypted_file",
        )
    if found:
        raise _pdf_active()


def _pdf_active_content(reader) -> bool:
    """Walk every object reachable from the trailer, as a reader would."""
    stack = [reader.trailer]
    seen = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > _PDF_MAX_OBJECTS:
                raise ValueError("too many objects")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            filespec = "/EF" in obj or obj.get("/Type") == "/Filespec"
            for key, value in obj.items():
                if key in _PDF_ACTIVE_KEYS:
                    return True
                if key == "/S":
                    action = value.get_object()
                    if isinstance(action, str) and action in _PDF_ACTIVE_ACTIONS:
                        return True
                if (
                    filespec
                    and key in ("/F", "/UF")
                    and isinstance(value, str)
                    and _program_name(value)
                ):
                    return True
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


# Office ----------------------------------------------------------------------


def _macros():
    return _error(
        _(
            "Office files with macros cannot be uploaded. Save the file without "
            "macros (as .docx, .xlsx or .pptx) and upload that."
        ),
        "office_macros",
    )


def _embedded_program():
    return _error(
        _("This file has a program or script embedded in it; it cannot be uploaded."),
        "embedded_executable",
    )


def _nested():
    return _error(
        _("Archives inside archives cannot be uploaded; unpack the inner one."),
        "nested_archive",
    )


def _open_zip(stream):
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged() from exc


def _read_member(archive, info) -> bytes:
    if info.file_size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
        raise _error(
            _("The archive unpacks to more than the upload limit."),
            "archive_too_large",
        )
    try:
        return archive.read(info)
    except Exception as exc:  # bad CRC, unsupported compression, truncated
        raise _damaged() from exc


def _check_office_package(stream, *, depth: int):
    """OOXML and ODF: no macros, no programs among the embedded objects."""
    if depth > _NESTING:
        raise _nested()
    with _open_zip(stream) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        for info in infos:
            member = info.filename.lower()
            base = member.rsplit("/", 1)[-1]
            if (
                base in ("vbaproject.bin", "vbadata.xml")
                or "/macrosheets/" in f"/{member}"
                or member.startswith(("basic/", "scripts/"))  # ODF macros
            ):
                raise _macros()
            if member == "[content_types].xml" or base == "manifest.xml":
                types = _read_member(archive, info).lower()
                if any(
                    marker in types
                    for marker in (b"macroenabled", b"vbaproject", b"macrosheet")
                ):
                    raise _macros()
        for info in infos:
            if _program_name(info.filename):
                raise _embedded_program()
            try:
                with archive.open(info) as member:
                    head = member.read(8).lower()
            except Exception as exc:
                raise _damaged() from exc
            if head.startswith(_DANGEROUS_PREFIXES):
                raise _embedded_program()
            if head.startswith(_OLE):
                _check_ole(_read_member(archive, info))
            elif head.startswith(_PK):
                # An embedded workbook or presentation: a package in its own right.
                data = io.BytesIO(_read_member(archive, info))
                _check_office_package(data, depth=depth + 1)
            elif head.startswith(_ARCHIVE_SIGNATURES):
                raise _nested()


def _check_ole(data: bytes):
    """Legacy Office (and objects embedded in any Office file): no VBA project,
    no Excel 4 macro sheets, no packaged programs."""
    if not olefile.isOleFile(data):
        raise _damaged()
    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:
        raise _damaged() from exc
    with ole:
        for entry in ole.listdir(streams=True, storages=True):
            parts = [part.lower() for part in entry]
            if any(p in ("macros", "vba", "_vba_project_cur") for p in parts):
                raise _macros()
            if parts[-1] == "\x01ole10native":
                if _ole10native_is_program(ole.openstream(entry).read()):
                    raise _embedded_program()
            elif parts == ["workbook"] or parts == ["book"]:
                if _biff_has_macro_sheet(ole.openstream(entry).read()):
                    raise _macros()
            elif parts == ["powerpoint document"]:
                _check_ppt_records(ole.openstream(entry).read())


def _ole10native_is_program(data: bytes) -> bool:
    """An OLE Package: size, flags, then label, source path, temp path, payload."""
    try:
        offset = 6
        names = []
        for _ in range(2):
            end = data.index(b"\x00", offset)
            names.append(data[offset:end])
            offset = end + 1
        offset += 4
        (length,) = struct.unpack_from("<I", data, offset)
        names.append(data[offset + 4 : offset + 4 + length].rstrip(b"\x00"))
        offset += 4 + length
        (size,) = struct.unpack_from("<I", data, offset)
        payload = data[offset + 4 : offset + 4 + size]
    except (ValueError, struct.error):
        # Not a packaged file (e.g. an equation); look at the raw bytes only.
        return data.lstrip(b"\x00")[:2].lower() == b"mz"
    if any(_program_name(n.decode("latin-1")) for n in names):
        return True
    return payload.lower().startswith(_DANGEROUS_PREFIXES)


def _biff_has_macro_sheet(data: bytes) -> bool:
    """BoundSheet8 records (0x0085) of type macro sheet or VB module."""
    offset = 0
    while offset + 4 <= len(data):
        record, length = struct.unpack_from("<HH", data, offset)
        if (
            record == 0x0085
            and length >= 6
            and offset + 9 < len(data)
            and data[offset + 9] in (0x01, 0x06)
        ):
            return True
        offset += 4 + length
    return False


def _check_ppt_records(data: bytes, depth: int = 0):
    """PowerPoint records: a VBA project container, or OLE objects to inspect."""
    offset = 0
    while offset + 8 <= len(data):
        ver_instance, record, length = struct.unpack_from("<HHI", data, offset)
        body = data[offset + 8 : offset + 8 + length]
        if record in (0x03FF, 0x0400):  # VBAInfoContainer, VBAInfoAtom
            raise _macros()
        if record == 0x1011:  # ExOleObjStg, zlib-compressed when instance is 1
            try:
                stored = zlib.decompress(body[4:]) if ver_instance >> 4 else body
            except zlib.error as exc:
                raise _damaged() from exc
            if stored.startswith(_OLE):
                _check_ole(stored)
        elif ver_instance & 0x0F == 0x0F and depth < 16:  # a container
            _check_ppt_records(body, depth + 1)
        offset += 8 + length


# ZIP -------------------------------------------------------------------------


def _check_zip(stream):
    with _open_zip(stream) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if sum(i.file_size for i in infos) > 10 * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
            raise _error(
                _("The archive unpacks to more than the upload limit."),
                "archive_too_large",
            )
        for info in infos:
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if base != base.rstrip(". "):
                raise _error(
                    _("A file name in the archive ends with a space or a dot."),
                    "bad_file_name",
                )
            lower = base.lower()
            if lower.endswith(_ARCHIVE_MEMBERS):
                raise _nested()
            data = io.BytesIO(_read_member(archive, info))
            extension = lower.rsplit(".", 1)[-1] if "." in lower else ""
            if (
                data.getvalue()[:8].lower().startswith(_ARCHIVE_SIGNATURES)
                and extension not in _OOXML | _ODF
            ):
                raise _nested()
            _check_content(data, lower, depth=1)
