"""The PDF of a certificate (研習證明書), drawn from the certificate's snapshot.

As for the authorizations (``portal.authorizations.document``), all text is set
in ReportLab's built-in CID font MSung-Light with the CMap of its own character
collection (Adobe-CNS1), which every PDF reader supplies: no font file on the
server, and the text stays text (searchable, readable by screen readers and
tests). Labels are gettext strings in the certificate's language, which the
caller activates. A QR code (segno) leads to the public verification page.
"""

import datetime
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

import segno
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDEncoding, UnicodeCIDFont
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import wording

FONT = "MSung-Light"
LATIN = "Helvetica"
CMAP = "UniCNS-UCS2-H"
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_SIDE = 6000
SEAL_BOX = (42 * mm, 42 * mm)
SIGNATURE_BOX = (55 * mm, 22 * mm)
QR_SIDE = 30 * mm
INK = colors.HexColor("#1a1a1a")
FRAME = colors.HexColor("#7a5c1e")

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")
_MISSING = "\u25a1"


@dataclass(frozen=True)
class CertificateText:
    """Everything printed on a certificate."""

    language: str
    institute: str
    title: str
    number: str
    body: str
    show_details: bool
    holder_name: str
    course_title: str
    session_code: str
    start_date: datetime.date
    end_date: datetime.date
    hours: Decimal
    issued_on: datetime.date
    valid_until: datetime.date | None
    signer_name: str
    signer_title: str
    verify_url: str
    code: str
    seal_image: bytes | None = None
    signature_image: bytes | None = None


class _TraditionalChineseFont(UnicodeCIDFont):
    """MSung-Light with Adobe-CNS1's CMap (ReportLab names a Simplified one)."""

    def __init__(self):
        super().__init__(FONT)
        self.encodingName = CMAP
        self.encoding = CIDEncoding(CMAP)


def _font() -> str:
    try:
        registered = pdfmetrics.getFont(FONT)
    except KeyError:
        registered = None
    # The authorizations' document registers the same font the same way.
    if getattr(registered, "encodingName", None) != CMAP:
        pdfmetrics.registerFont(_TraditionalChineseFont())
    return FONT


def cjk_font() -> str:
    """The Traditional Chinese CID font's name, registered once (other
    documents, such as the volunteers' hours certificate, use it too)."""
    return _font()


def clean_text(value) -> str:
    """Text made safe for a PDF string: no controls, BMP characters only."""
    value = unicodedata.normalize("NFC", str(value or "").replace("\r\n", "\n"))
    value = _UNSAFE.sub("", value.replace("\r", "\n"))
    return _ASTRAL.sub(_MISSING, value)


def _latin(character: str) -> bool:
    try:
        character.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def runs(value: str) -> list[tuple[str, str]]:
    """``value`` cut into (font, text) runs: Latin text in Helvetica, whose
    letters MSung-Light spaces badly, and the rest (CJK) in MSung-Light."""
    found: list[tuple[str, str]] = []
    for character in value:
        font = LATIN if _latin(character) else _font()
        if found and found[-1][0] == font:
            found[-1] = (font, found[-1][1] + character)
        else:
            found.append((font, character))
    return found


def _markup(value) -> str:
    """Text as Paragraph markup: escaped, each run in its font, lines kept."""
    lines = clean_text(value).replace("\t", " ").split("\n")
    return "<br/>".join(
        "".join(
            f'<font face="{font}">{escape(text)}</font>' for font, text in runs(line)
        )
        for line in lines
    )


def _draw(canvas, x: float, y: float, value: str, size: float) -> None:
    for font, text in runs(clean_text(value)):
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        x += pdfmetrics.stringWidth(text, font, size)


def fit_image(data: bytes | None) -> PILImage.Image | None:
    """A seal or signature image checked and loaded; None when it is unfit
    (the certificate is then printed without it rather than not at all)."""
    if not data or len(data) > IMAGE_MAX_BYTES:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if not (0 < width <= IMAGE_MAX_SIDE and 0 < height <= IMAGE_MAX_SIDE):
                return None
            probe.verify()
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()
            return image.convert("RGBA")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        PILImage.DecompressionBombError,
    ):
        return None


def _image_flowable(image: PILImage.Image, box) -> Image:
    box_w, box_h = box
    width, height = image.size
    scale = min(box_w / width, box_h / height)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer, width=width * scale, height=height * scale, mask="auto")


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def hours_label(hours: Decimal) -> str:
    count = math.ceil(Decimal(hours))
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {
        "hours": wording.hours_text(hours)
    }


def dates_label(start: datetime.date, end: datetime.date, language: str) -> str:
    if start == end:
        return wording.date_text(start, language)
    return _("%(start)s to %(end)s") % {
        "start": wording.date_text(start, language),
        "end": wording.date_text(end, language),
    }


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=14,
        leading=26,
        textColor=INK,
        wordWrap="CJK",
        firstLineIndent=0,
    )
    return {
        "institute": ParagraphStyle(
            "institute", parent=body, fontSize=15, leading=22, alignment=TA_CENTER
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=30, leading=40, alignment=TA_CENTER
        ),
        "number": ParagraphStyle(
            "number", parent=body, fontSize=10, leading=14, alignment=TA_CENTER
        ),
        "body": body,
        "label": ParagraphStyle(
            "label",
            parent=body,
            fontSize=11,
            leading=16,
            textColor=colors.HexColor("#444444"),
        ),
        "value": ParagraphStyle("value", parent=body, fontSize=11, leading=16),
        "signer": ParagraphStyle(
            "signer", parent=body, fontSize=13, leading=20, alignment=TA_LEFT
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=10, leading=14),
    }


def _details(text: CertificateText, styles) -> Table:
    rows = [
        (_("Name"), _markup(text.holder_name)),
        (_("Course"), _markup(text.course_title)),
        (_("Session"), _markup(text.session_code)),
        (
            _("Dates"),
            _markup(dates_label(text.start_date, text.end_date, text.language)),
        ),
        (_("Hours"), _markup(hours_label(text.hours))),
    ]
    table = Table(
        [
            [
                Paragraph(_markup(label), styles["label"]),
                Paragraph(value, styles["value"]),
            ]
            for label, value in rows
        ],
        colWidths=[32 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, FRAME),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, FRAME),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return table


def _signature_block(text: CertificateText, styles) -> Table:
    seal = fit_image(text.seal_image)
    signature = fit_image(text.signature_image)
    signer = []
    if text.signer_title or text.signer_name:
        signer.append(
            Paragraph(
                _markup(
                    " ".join(p for p in (text.signer_title, text.signer_name) if p)
                ),
                styles["signer"],
            )
        )
    if signature is not None:
        signer.append(_image_flowable(signature, SIGNATURE_BOX))
    signer.append(Spacer(1, 3 * mm))
    signer.append(
        Paragraph(
            _markup(
                _("Issued on %(date)s")
                % {"date": wording.date_text(text.issued_on, text.language)}
            ),
            styles["small"],
        )
    )
    if text.valid_until is not None:
        signer.append(
            Paragraph(
                _markup(
                    _("Valid until %(date)s")
                    % {"date": wording.date_text(text.valid_until, text.language)}
                ),
                styles["small"],
            )
        )
    seal_cell = _image_flowable(seal, SEAL_BOX) if seal is not None else ""
    table = Table(
        [[signer, seal_cell]], colWidths=[None, SEAL_BOX[0] + 4 * mm], hAlign="RIGHT"
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_pdf(text: CertificateText) -> bytes:
    """The certificate as an A4 PDF."""
    styles = _styles()
    number = clean_text(text.number)
    story = [
        Spacer(1, 8 * mm),
        Paragraph(_markup(text.institute), styles["institute"]),
        Spacer(1, 4 * mm),
        Paragraph(_markup(text.title), styles["title"]),
        Paragraph(
            _markup(_("Certificate no. %(number)s") % {"number": number}),
            styles["number"],
        ),
        Spacer(1, 12 * mm),
        Paragraph(_markup(text.body), styles["body"]),
        Spacer(1, 8 * mm),
    ]
    if text.show_details:
        story += [_details(text, styles), Spacer(1, 10 * mm)]
    story.append(_signature_block(text, styles))

    qr = ImageReader(io.BytesIO(qr_png(text.verify_url)))
    verify_lines = [
        _("Verify this certificate: scan the code or open"),
        clean_text(text.verify_url),
        _("Verification code: %(code)s") % {"code": clean_text(text.code)},
    ]

    def on_page(canvas, doc):
        width, height = A4
        canvas.saveState()
        canvas.setStrokeColor(FRAME)
        canvas.setLineWidth(2)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
        canvas.drawImage(
            qr, doc.leftMargin, 18 * mm, width=QR_SIDE, height=QR_SIDE, mask="auto"
        )
        canvas.setFillColor(colors.HexColor("#333333"))
        x, y = doc.leftMargin + QR_SIDE + 4 * mm, 18 * mm + QR_SIDE - 6 * mm
        for line in verify_lines:
            _draw(canvas, x, y, line, 8.5)
            y -= 12
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=26 * mm,
        rightMargin=26 * mm,
        topMargin=24 * mm,
        bottomMargin=56 * mm,
        title=f"{clean_text(text.title)} {number}",
        author=clean_text(text.institute),
        subject=clean_text(text.course_title),
        creator="CivicLearn",
        lang="en" if text.language == "en" else "zh-Hant-TW",
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
