"""Uploads refused for active content: PDF scripts and launches, Office macros
and embedded programs, nested archives, HTML applications, trailing dots and
spaces, UTF-16 text and markup anywhere in a text file."""

import io
import struct
import zipfile
import zlib

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF
from pypdf.actions import JavaScript

from cms.handouts.models import Handout
from cms.handouts.validators import validate_handout_content
from portal.accounts import roles
from tests.factories.handouts import PDF_BYTES, pdf_bytes
from tests.factories.users import PASSWORD, make_user

# Small file builders ---------------------------------------------------------


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/word/document.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    b'main+xml"/></Types>'
)


def _docx(**extra) -> bytes:
    members = {
        "[Content_Types].xml": _DOCX_TYPES,
        "word/document.xml": b"<w:document/>",
        "word/media/image1.png": b"\x89PNG\r\n\x1a\n",
    }
    members.update(extra)
    return _zip(members)


def _ole(streams: dict) -> bytes:
    """A minimal compound file (what .doc/.xls/.ppt and OLE objects are): each
    stream padded past the mini-stream cutoff so only the FAT is needed."""
    end, free, fatsect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    entries = [{"name": "Root Entry", "type": 5, "data": b"", "parent": None}]
    index_of = {"": 0}
    for path, data in streams.items():
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in index_of:
                index_of[folder] = len(entries)
                parent = index_of["/".join(parts[: depth - 1])]
                entries.append(
                    {"name": parts[depth - 1], "type": 1, "data": b"", "parent": parent}
                )
        entries.append(
            {
                "name": parts[-1],
                "type": 2,
                "data": data.ljust(4096, b"\x00"),
                "parent": index_of["/".join(parts[:-1])],
            }
        )
    dir_sectors = (len(entries) + 3) // 4
    fat = [fatsect] + [i + 2 for i in range(dir_sectors - 1)] + [end]
    sectors, start = [], {}
    next_sector = 1 + dir_sectors
    for index, entry in enumerate(entries):
        if entry["type"] == 2:
            count = (len(entry["data"]) + 511) // 512
            start[index] = next_sector
            fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
            sectors.append(entry["data"].ljust(count * 512, b"\x00"))
            next_sector += count
    fat += [free] * (128 - len(fat))
    # The tree: each storage's first child, the others chained as right siblings.
    child, right = {}, {}
    for index, entry in enumerate(entries[1:], start=1):
        siblings = [i for i, e in enumerate(entries) if e["parent"] == entry["parent"]]
        child.setdefault(entry["parent"], siblings[0])
        position = siblings.index(index)
        if position + 1 < len(siblings):
            right[index] = siblings[position + 1]
    directory = b""
    for index, entry in enumerate(entries):
        encoded = (entry["name"] + "\x00").encode("utf-16-le")
        directory += (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), entry["type"], 1)
            + struct.pack("<III", free, right.get(index, free), child.get(index, free))
            + b"\x00" * 36
            + struct.pack("<IQ", start.get(index, end), len(entry["data"]))
        )
    directory = directory.ljust(dir_sectors * 512, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return header + struct.pack("<128I", *fat) + directory + b"".join(sectors)


def _ole10native(label: str, payload: bytes) -> bytes:
    """An OLE Package stream: what Office embeds when a file is dragged in."""
    body = (
        b"\x02\x00"
        + label.encode() + b"\x00"
        + b"C:\\Users\\me\\" + label.encode() + b"\x00"
        + b"\x00\x00\x03\x00"
        + struct.pack("<I", len(label) + 1) + label.encode() + b"\x00"
        + struct.pack("<I", len(payload)) + payload
    )  # fmt: skip
    return struct.pack("<I", len(body)) + body


def _ppt_records(*records) -> bytes:
    return b"".join(
        struct.pack("<HHI", ver, kind, len(body)) + body for ver, kind, body in records
    )


def _pdf_with_object_stream(action: bytes) -> bytes:
    """The catalog opens with an action stored in a compressed object stream,
    found only by parsing (a byte scan sees deflated bytes)."""
    header = b"5 0\n"
    packed = zlib.compress(header + action)
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
        4: b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = struct.pack(">BIH", 0, 0, 0xFFFF)
    rows += b"".join(struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4))
    rows += struct.pack(">BIH", 2, 4, 0) + struct.pack(">BIH", 1, offsets[6], 0)
    out += (
        b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n"
        % len(rows)
        + rows
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def _refused_code(name, content):
    with pytest.raises(ValidationError) as error:
        validate_handout_content(SimpleUploadedFile(name, content))
    (errors,) = error.value.error_dict["file"]
    return errors.code


JS_ACTION = b"<</S/JavaScript/JS(app.alert(1))>>"

# PDF -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(catalog=b"/OpenAction 4 0 R", extra=[JS_ACTION]),
        pdf_bytes(catalog=b"/Names<</JavaScript 4 0 R>>", extra=[b"<</Names[]>>"]),
        pdf_bytes(catalog=b"/Names<</J#61vaScript 4 0 R>>", extra=[b"<<>>"]),
        pdf_bytes(page=b"/AA<</O 4 0 R>>", extra=[JS_ACTION]),
        pdf_bytes(
            catalog=b"/OpenAction<</S/Launch/F(cmd.exe)>>",
        ),
        pdf_bytes(catalog=b"/OpenAction<</S/L#61unch/F(calc.exe)>>"),
        pdf_bytes(
            page=b"/Annots[4 0 R]",
            extra=[
                b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/JavaScript"
                b"/JS 5 0 R>>>>",
                b"(app.alert(1))",
            ],
        ),  # fmt: skip
        _pdf_with_object_stream(JS_ACTION),
    ],
    ids=[
        "open-action-js",
        "names-javascript",
        "hex-escaped-name",
        "page-additional-actions",
        "launch",
        "hex-escaped-launch",
        "link-annotation-js",
        "js-in-object-stream",
    ],
)
def test_pdf_with_javascript_or_launch_is_refused(content):
    assert _refused_code("notes.pdf", content) == "pdf_active_content"


@pytest.mark.parametrize(
    "content",
    [
        PDF_BYTES,
        pdf_bytes(catalog=b"/OpenAction[3 0 R/Fit]"),  # open at page 1: harmless
        _pdf_with_object_stream(b"<</S/URI/URI(https://example.org/)>>"),
    ],
    ids=["plain", "open-at-page", "uri-in-object-stream"],
)
def test_ordinary_pdfs_pass(content):
    validate_handout_content(SimpleUploadedFile("notes.pdf", content))


def test_pdf_with_an_attached_program_is_refused():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(PDF_BYTES))
    writer.add_attachment("setup.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    assert _refused_code("notes.pdf", out.getvalue()) == "pdf_active_content"


def test_pdf_embedding_a_program_is_refused():
    content = pdf_bytes(
        catalog=b"/Names<</EmbeddedFiles<</Names[(a) 4 0 R]>>>>",
        extra=[b"<</Type/Filespec/F(setup.exe)/UF(setup.exe)/EF<<>>>>"],
    )
    assert _refused_code("notes.pdf", content) == "pdf_active_content"


def _encrypted_pdf(user_password: str, *, javascript: bool = False) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(PDF_BYTES))
    if javascript:
        writer.add_open_action(JavaScript("app.alert(1);"))
    writer.encrypt(
        user_password=user_password, owner_password="owner", algorithm="AES-256"
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_opens_without_a_password_is_checked_inside():
    validate_handout_content(SimpleUploadedFile("a.pdf", _encrypted_pdf("")))
    content = _encrypted_pdf("", javascript=True)
    assert _refused_code("a.pdf", content) == "pdf_active_content"


def test_a_password_protected_pdf_cannot_be_checked_and_is_refused():
    assert _refused_code("a.pdf", _encrypted_pdf("secret")) == "encrypted_file"


def test_a_pdf_made_by_an_ordinary_program_passes():
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Course notes")
    validate_handout_content(SimpleUploadedFile("notes.pdf", bytes(document.output())))


def test_unreadable_pdf_is_refused_as_damaged():
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert _refused_code("notes.pdf", content) == "damaged_file"


# Office ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.docx", _docx(**{"word/vbaProject.bin": _ole({"VBA/dir": b"x"})})),
        (
            "report.docx",
            _docx(
                **{
                    "[Content_Types].xml": _DOCX_TYPES.replace(
                        b"document.main+xml",
                        b"document.macroEnabled.main+xml",
                    )
                }
            ),
        ),
        ("sheet.xlsx", _docx(**{"xl/macrosheets/sheet1.xml": b"<xm/>"})),
        (
            "notes.odt",
            _zip({"mimetype": b"application/x", "Basic/Standard/M.xml": b""}),
        ),
        ("old.doc", _ole({"WordDocument": b"x", "Macros/VBA/ThisDocument": b"x"})),
        ("old.xls", _ole({"Workbook": b"x", "_VBA_PROJECT_CUR/VBA/Sheet1": b"x"})),
        (
            "old.xls",  # an Excel 4 macro sheet (BoundSheet8 of type 1)
            _ole({"Workbook": struct.pack("<HHIBB", 0x85, 8, 0, 0, 1) + b"\x00\x00"}),
        ),
        (
            "old.ppt",  # a DocumentContainer holding a VBAInfoContainer
            _ole(
                {
                    "PowerPoint Document": _ppt_records(
                        (0x0F, 0x03E8, _ppt_records((0x0F, 0x03FF, b"")))
                    )
                }
            ),
        ),
    ],
    ids=[
        "vbaproject-bin",
        "macro-enabled-content-type",
        "excel4-macrosheet",
        "odf-basic",
        "doc-macros",
        "xls-vba",
        "xls-xlm-sheet",
        "ppt-vba",
    ],
)
def test_office_files_with_macros_are_refused(name, content):
    assert _refused_code(name, content) == "office_macros"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "report.docx",
            _docx(
                **{
                    "word/embeddings/oleObject1.bin": _ole(
                        {"\x01Ole10Native": _ole10native("setup.exe", b"MZ\x90\x00")}
                    )
                }
            ),
        ),
        (
            "report.docx",  # a script whose label pretends nothing
            _docx(
                **{
                    "word/embeddings/oleObject1.bin": _ole(
                        {"\x01Ole10Native": _ole10native("readme.txt", b"MZ\x90")}
                    )
                }
            ),
        ),
        ("slides.pptx", _docx(**{"ppt/embeddings/run.vbs": b"MsgBox 1"})),
        ("slides.pptx", _docx(**{"ppt/embeddings/package.bin": b"MZ\x90\x00"})),
        (
            "old.doc",
            _ole(
                {
                    "WordDocument": b"x",
                    "ObjectPool/_1/\x01Ole10Native": _ole10native("a.hta", b"<hta>"),
                }
            ),
        ),
        (
            "old.ppt",  # an ExOleObjStg, compressed, holding a packaged program
            _ole(
                {
                    "PowerPoint Document": _ppt_records(
                        (
                            0x10,
                            0x1011,
                            struct.pack("<I", 9999)
                            + zlib.compress(
                                _ole({"\x01Ole10Native": _ole10native("x.exe", b"MZ")})
                            ),
                        )
                    )
                }
            ),
        ),
    ],
    ids=[
        "docx-packaged-exe",
        "docx-packaged-pe-payload",
        "pptx-vbs",
        "pptx-pe",
        "doc-packaged-hta",
        "ppt-packaged-exe",
    ],
)
def test_office_files_with_embedded_programs_are_refused(name, content):
    assert _refused_code(name, content) == "embedded_executable"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.docx", _docx()),
        (
            "report.docx",  # an embedded workbook, as Word stores charts
            _docx(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": _docx()}),
        ),
        ("slides.pptx", _docx(**{"ppt/media/image2.svg": b"<svg/>"})),
        ("old.doc", _ole({"WordDocument": b"text", "1Table": b"x"})),
        ("old.xls", _ole({"Workbook": struct.pack("<HHIBB", 0x85, 8, 0, 0, 0)})),
    ],
    ids=["docx", "docx-with-chart", "pptx-with-svg-icon", "doc", "xls"],
)
def test_ordinary_office_files_pass(name, content):
    validate_handout_content(SimpleUploadedFile(name, content))


def test_macros_in_a_workbook_embedded_in_a_document_are_refused():
    inner = _docx(**{"xl/vbaProject.bin": b"x"})
    content = _docx(**{"word/embeddings/Microsoft_Excel_Macro.xlsm": inner})
    assert _refused_code("report.docx", content) == "office_macros"


# Archives --------------------------------------------------------------------


@pytest.mark.parametrize(
    "members",
    [
        {"inner.zip": _zip({"a.txt": b"a"})},
        {"data.bin": _zip({"a.txt": b"a"})},  # a zip under another name
        {"logs.tar.gz": b"\x1f\x8b\x08\x00"},
        {"more.7z": b"7z\xbc\xaf\x27\x1c"},
    ],
    ids=["zip", "renamed-zip", "gzip", "7z"],
)
def test_nested_archives_are_refused(members):
    assert _refused_code("bundle.zip", _zip(members)) == "nested_archive"


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ({"app.hta": b"<hta:application/>"}, "dangerous_file"),
        ({"page.xhtml": b"<x/>"}, "dangerous_file"),
        ({"docs/PAGE.XHT": b"<x/>"}, "dangerous_file"),
        ({"setup.exe.": b"MZ"}, "bad_file_name"),
        ({"notes.txt ": b"hello"}, "bad_file_name"),
        ({"notes.txt": b"\xff\xfeh\x00i\x00"}, "text_encoding"),
        ({"slides.pdf": pdf_bytes(catalog=b"/OpenAction 4 0 R", extra=[JS_ACTION])},
         "pdf_active_content"),
        ({"slides.docx": _docx(**{"word/vbaProject.bin": b"x"})}, "office_macros"),
        ({"readme.txt": b"hi", "tool.dat": b"MZ\x90\x00"}, "dangerous_file"),
    ],
    ids=[
        "hta",
        "xhtml",
        "xht-in-folder",
        "trailing-dot",
        "trailing-space",
        "utf16-text",
        "pdf-with-js",
        "docx-with-macros",
        "program-renamed",
    ],
)  # fmt: skip
def test_dangerous_members_of_a_zip_are_refused(members, code):
    assert _refused_code("bundle.zip", _zip(members)) == code


def test_a_zip_of_ordinary_material_passes():
    content = _zip(
        {
            "slides.pdf": PDF_BYTES,
            "handout.docx": _docx(),
            "roster.csv": "姓名,機關\n王小明,資訊局\n".encode(),
            "photos/": b"",
        }
    )
    validate_handout_content(SimpleUploadedFile("bundle.zip", content))


# Names and text --------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.pdf.", "notes.pdf ", "notes.pdf. . ", "a."])
def test_names_ending_in_a_dot_or_space_are_refused(name):
    assert _refused_code(name, PDF_BYTES) == "bad_file_name"


@pytest.mark.parametrize(
    "content",
    [
        "姓名,機關\n".encode("utf-16"),  # with its BOM
        b"\xfe\xff\x00a\x00b",
        "name,agency\n".encode("utf-16-le"),  # without a BOM: NUL bytes
    ],
    ids=["utf16-bom", "utf16-be-bom", "utf16-no-bom"],
)
def test_utf16_text_is_refused(content):
    assert _refused_code("roster.csv", content) == "text_encoding"


@pytest.mark.parametrize(
    "late",
    [b"<script>alert(1)</script>", b"<IFRAME src=x>", b"<img src=x onerror=a()>"],
)
def test_markup_late_in_a_text_file_is_refused(late):
    rows = "王小明,資訊局,3\n".encode() * 200_000  # about 4 MB before the markup
    assert _refused_code("roster.csv", rows + late) == "markup_in_text"
    assert _refused_code("notes.txt", rows + late) == "markup_in_text"


def test_markup_split_across_read_chunks_is_found():
    padding = b"a" * ((1 << 20) - 3)  # "<scr" | "ipt>" across the 1 MiB boundary
    assert _refused_code("notes.txt", padding + b"<script>") == "markup_in_text"


def test_plain_utf8_text_passes():
    content = "課程筆記 a < b 與 c > d\n".encode() * 100_000
    validate_handout_content(SimpleUploadedFile("notes.txt", content))


# Through the admin -----------------------------------------------------------


@pytest.mark.django_db
def test_a_pdf_with_javascript_is_refused_in_the_admin_in_the_users_language(client):
    make_user("editor", roles.EDITORS)
    client.login(username="editor", password=PASSWORD)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "有腳本的講義",
            "file": SimpleUploadedFile(
                "notes.pdf", pdf_bytes(catalog=b"/OpenAction 4 0 R", extra=[JS_ACTION])
            ),
            "visibility": "public",
            "collection": 1,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    assert response.status_code == 200
    assert not Handout.objects.exists()
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["file"]] == ["pdf_active_content"]
    assert form.data["title"] == "有腳本的講義"  # what was typed is kept
