import dataclasses
import datetime
import io
import re

import pytest
from django.utils import translation
from PIL import Image, ImageDraw
from pypdf import PdfReader

from portal.authorizations.document import AuthorizationText, render_pdf

CONSENT = (
    "本人同意將上列教材依所列範圍授權予國家文官學院使用，"
    "並確認本人為該教材之著作權人或已取得合法授權。" * 8
)
CONSENT_SHA256 = "3f5a0c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7"


def drawn_signature(size=(600, 200)) -> bytes:
    """A transparent PNG with a stroke, as a signature pad sends it."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).line(
        [(10, 150), (200, 30), (400, 170), (590, 40)], fill=(0, 0, 0, 255), width=6
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def sample_text(**changes) -> AuthorizationText:
    text = AuthorizationText(
        reference="AUTH-2026-000123",
        institute="國家文官學院",
        lecturer_name="王小明",
        session_label="公務倫理研習班 第1期（2026-03-02）",
        materials=("講義：公務倫理概論.pdf", "簡報：利益衝突案例.pptx"),
        scopes=("校內重製供學員研習", "上傳至數位學習平臺", "錄影並於平臺播放"),
        period="2026年1月1日至2026年12月31日",
        conditions="限非營利之訓練用途；不得修改教材內容。",
        consent_text=CONSENT,
        consent_sha256=CONSENT_SHA256,
        signer_name="王小明",
        signed_at=datetime.datetime(2026, 3, 1, 6, 5, 9, tzinfo=datetime.UTC),
        signature_png=drawn_signature(),
        typed_signature="",
    )
    return dataclasses.replace(text, **changes)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(value: str) -> str:
    """Text without white space: wrapping splits lines anywhere in CJK text."""
    return "".join(value.split())


def test_pdf_holds_the_reference_parties_scopes_and_consent_hash():
    with translation.override("en"):
        pdf = render_pdf(sample_text())
    assert pdf.startswith(b"%PDF-")
    text = squeeze(pdf_text(pdf))
    for expected in (
        "AUTH-2026-000123",
        CONSENT_SHA256,
        "王小明",
        "國家文官學院",
        "講義：公務倫理概論.pdf",
        "校內重製供學員研習",
        "錄影並於平臺播放",
        "限非營利之訓練用途",
    ):
        assert squeeze(expected) in text
    # the whole statement of consent, not an excerpt
    assert squeeze(CONSENT) in text


def test_signing_time_is_shown_in_taipei_with_its_offset():
    with translation.override("en"):
        text = pdf_text(render_pdf(sample_text()))
    assert "2026-03-01 14:05:09 +08:00" in text


def test_metadata_names_the_authorization_institute_and_session():
    with translation.override("en"):
        pdf = render_pdf(sample_text())
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == "Material authorization AUTH-2026-000123"
    assert metadata.author == "國家文官學院"
    assert metadata.subject == "公務倫理研習班 第1期（2026-03-02）"


def test_text_is_set_in_msung_light_with_the_traditional_chinese_cmap():
    pdf = render_pdf(sample_text())
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    cid_fonts = [
        f.get_object() for f in fonts.values() if "/DescendantFonts" in f.get_object()
    ]
    assert cid_fonts
    for font in cid_fonts:
        assert font["/BaseFont"] == "/MSung-Light"
        # ReportLab's default (UniGB-UCS2-H) belongs to Adobe-GB1, not to this font
        assert font["/Encoding"] == "/UniCNS-UCS2-H"
        descendant = font["/DescendantFonts"][0].get_object()
        assert descendant["/CIDSystemInfo"]["/Ordering"] == "CNS1"


def test_drawn_signature_is_embedded_as_an_image():
    pdf = render_pdf(sample_text())
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert sum(len(page.images) for page in pages) == 1


def test_typed_signature_is_printed_when_nothing_was_drawn():
    pdf = render_pdf(sample_text(signature_png=None, typed_signature="王小明（簽）"))
    assert "王小明（簽）" in pdf_text(pdf)
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages) == 0


def test_an_authorization_without_any_signature_is_refused():
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=None, typed_signature="  "))


@pytest.mark.parametrize(
    "image_format", ["JPEG", "GIF", "BMP"], ids=["jpeg", "gif", "bmp"]
)
def test_a_signature_that_is_not_a_png_is_refused(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format=image_format)
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=buffer.getvalue()))


def test_a_signature_that_is_no_image_or_a_truncated_png_is_refused():
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=b"<svg onload=alert(1)>"))
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=drawn_signature()[:200]))


def test_a_huge_signature_image_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (6000, 10)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 10_000  # small file, unfit dimensions
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=buffer.getvalue()))
    with pytest.raises(ValueError):
        render_pdf(sample_text(signature_png=drawn_signature() + b"\0" * 3_000_000))


def test_a_tall_signature_is_scaled_into_its_box():
    pdf = render_pdf(sample_text(signature_png=drawn_signature(size=(200, 2000))))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert sum(len(page.images) for page in pages) == 1


def test_markup_and_control_characters_in_user_text_do_not_break_the_pdf():
    pdf = render_pdf(
        sample_text(
            lecturer_name="王<b>小明</b> & <para>",
            materials=("a</para><font name='x'>b", "c\x00d\x1be"),
            scopes=("<br/>",),
            conditions="第一行\n第二行\r\n第三行\t結束 😀 𠀋",
        )
    )
    text = pdf_text(pdf)
    assert "王<b>小明</b> & <para>" in text
    assert "a</para><font name='x'>b" in text
    assert "cde" in text
    assert "第二行" in text
    assert "😀" not in text  # beyond UCS-2: shown as a missing character


def test_naive_signing_time_is_refused():
    with pytest.raises(ValueError):
        render_pdf(sample_text(signed_at=datetime.datetime(2026, 3, 1, 14, 5, 9)))


def test_a_long_statement_flows_onto_further_pages():
    with translation.override("en"):
        pdf = render_pdf(sample_text(consent_text=CONSENT * 12))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    # the page footers stand between the pieces of the statement
    body = re.sub(
        r"AUTH-2026-000123·MaterialauthorizationPage\d+", "", squeeze(pdf_text(pdf))
    )
    assert squeeze(CONSENT * 12) in body


def test_labels_follow_the_active_language():
    with translation.override("en"):
        english = pdf_text(render_pdf(sample_text()))
    assert "Statement of consent" in english
    assert "Reference: AUTH-2026-000123" in english
