"""The PDF of a lecturer's signed material authorization (授權書), before sealing.

All text is set in ReportLab's built-in CID font MSung-Light (Traditional Chinese),
which every PDF reader supplies, so no font file is needed on the server. Labels
are gettext strings in the language the caller has activated.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDEncoding, UnicodeCIDFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT = "MSung-Light"
TAIPEI = ZoneInfo("Asia/Taipei")
# A drawn signature: a few hundred KB at most; larger is not a signature pad's output.
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
SIGNATURE_MAX_SIDE = 4000
SIGNATURE_BOX = (70 * mm, 28 * mm)

# C0/C1 controls (but tab and newline) and lone surrogates break PDF strings or
# Paragraph markup; characters beyond the BMP cannot be encoded in UCS-2.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")
_MISSING = "\u25a1"  # □, the usual mark of a character the font lacks


@dataclass(frozen=True)
class AuthorizationText:
    """Everything printed on an authorization, as agreed when it was signed."""

    reference: str
    institute: str
    lecturer_name: str
    session_label: str
    materials: tuple[str, ...]
    scopes: tuple[str, ...]
    period: str
    conditions: str
    consent_text: str
    consent_sha256: str
    signer_name: str
    signed_at: datetime
    signature_png: bytes | None = None
    typed_signature: str = ""


class _TraditionalChineseFont(UnicodeCIDFont):
    """MSung-Light with the CMap of its own character collection (Adobe-CNS1).

    ReportLab names UniGB-UCS2-H, the Simplified Chinese (Adobe-GB1) CMap, for it:
    strict readers (poppler) then draw no text at all and others wrong glyphs.
    """

    def __init__(self):
        super().__init__(FONT)
        self.encodingName = "UniCNS-UCS2-H"
        self.encoding = CIDEncoding(self.encodingName)


def _font() -> str:
    try:
        registered = pdfmetrics.getFont(FONT)
    except KeyError:
        registered = None
    if not isinstance(registered, _TraditionalChineseFont):
        pdfmetrics.registerFont(_TraditionalChineseFont())
    return FONT


def clean_text(value: str) -> str:
    """User text made safe for a PDF string: no controls, BMP characters only."""
    value = unicodedata.normalize("NFC", str(value).replace("\r\n", "\n"))
    value = _UNSAFE.sub("", value.replace("\r", "\n"))
    return _ASTRAL.sub(_MISSING, value)


def _markup(value: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(clean_text(value)).replace("\n", "<br/>").replace("\t", " ")


def signature_image(data: bytes) -> PILImage.Image:
    """A drawn signature checked and flattened onto white; ValueError if unfit."""
    if len(data) > SIGNATURE_MAX_BYTES:
        raise ValueError("The signature image is too large.")
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise ValueError("The signature image is not a PNG.")
            width, height = probe.size
            if not (
                0 < width <= SIGNATURE_MAX_SIDE and 0 < height <= SIGNATURE_MAX_SIDE
            ):
                raise ValueError("The signature image has unfit dimensions.")
            probe.verify()
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()
            rgba = image.convert("RGBA")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        PILImage.DecompressionBombError,
    ) as exc:
        raise ValueError("The signature image cannot be read.") from exc
    flat = PILImage.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _signature_flowable(image: PILImage.Image) -> Image:
    box_w, box_h = SIGNATURE_BOX
    width, height = image.size
    scale = min(box_w / width, box_h / height)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer, width=width * scale, height=height * scale, hAlign="LEFT")


def format_signed_at(value: datetime) -> str:
    """The signing time in Taipei, with its offset: 2026-03-01 14:05:09 +08:00."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("signed_at must be an aware datetime.")
    local = value.astimezone(TAIPEI)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]} (Asia/Taipei)"


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK"
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontSize=20, leading=28, alignment=TA_CENTER
        ),
        "reference": ParagraphStyle(
            "reference", parent=body, fontSize=9.5, alignment=TA_CENTER
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontSize=12.5,
            leading=18,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=2),
        "label": ParagraphStyle(
            "label", parent=body, textColor=colors.HexColor("#444444")
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=12),
        "typed": ParagraphStyle("typed", parent=body, fontSize=22, leading=30),
    }


def _facts(rows, styles) -> Table:
    data = [
        [Paragraph(escape(label), styles["label"]), Paragraph(value, styles["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[38 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _listing(items, styles, *, numbered: bool):
    if not items:
        return [Paragraph("—", styles["item"])]
    return [
        Paragraph(
            _markup(item), styles["item"], bulletText=f"{n}." if numbered else "•"
        )
        for n, item in enumerate(items, start=1)
    ]


def render_pdf(text: AuthorizationText) -> bytes:
    """The authorization as an A4 PDF (not yet sealed); ValueError on an unfit signature."""
    signature = signature_image(text.signature_png) if text.signature_png else None
    typed = clean_text(text.typed_signature).strip()
    if signature is None and not typed:
        raise ValueError("An authorization needs a drawn or a typed signature.")
    signed_at = format_signed_at(text.signed_at)
    styles = _styles()
    title = _("Material authorization")
    reference = clean_text(text.reference)

    story = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(
            escape(_("Reference: %(reference)s") % {"reference": reference}),
            styles["reference"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Parties")), styles["heading"]),
        _facts(
            [
                (_("Licensor (lecturer)"), _markup(text.lecturer_name)),
                (_("Licensee (institute)"), _markup(text.institute)),
                (_("Session"), _markup(text.session_label)),
            ],
            styles,
        ),
        Paragraph(escape(_("Materials")), styles["heading"]),
        *_listing(text.materials, styles, numbered=True),
        Paragraph(escape(_("Authorized uses")), styles["heading"]),
        *_listing(text.scopes, styles, numbered=False),
        Paragraph(escape(_("Authorization period")), styles["heading"]),
        Paragraph(_markup(text.period) or "—", styles["body"]),
        Paragraph(escape(_("Conditions")), styles["heading"]),
        Paragraph(_markup(text.conditions) or "—", styles["body"]),
        Paragraph(escape(_("Statement of consent")), styles["heading"]),
        Paragraph(_markup(text.consent_text), styles["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                _("SHA-256 of the statement: %(hash)s")
                % {"hash": clean_text(text.consent_sha256)}
            ),
            styles["small"],
        ),
    ]
    signature_block = [
        Paragraph(escape(_("Signature")), styles["heading"]),
        _facts(
            [
                (_("Signed by"), _markup(text.signer_name)),
                (_("Signed at"), escape(signed_at)),
            ],
            styles,
        ),
        Spacer(1, 2 * mm),
    ]
    if signature is not None:
        signature_block.append(_signature_flowable(signature))
    else:
        signature_block.append(Paragraph(_markup(typed), styles["typed"]))
        signature_block.append(
            Paragraph(escape(_("(typed signature)")), styles["small"])
        )
    story.append(KeepTogether(signature_block))

    footer = f"{reference}  ·  {title}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(_font(), 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(doc.leftMargin, 12 * mm, footer)
        canvas.drawRightString(
            A4[0] - doc.rightMargin, 12 * mm, _("Page %(page)d") % {"page": doc.page}
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=f"{title} {reference}",
        author=clean_text(text.institute),
        subject=clean_text(text.session_label),
        creator="CivicLearn",
        lang="zh-Hant-TW",
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
