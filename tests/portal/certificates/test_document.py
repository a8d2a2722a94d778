"""The certificate PDF: its text can be extracted (name, course, hours, dates,
number and the verification link), with the seal, signature and QR code."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from pypdf import PdfReader
from wagtail.images import get_image_model

from portal.certificates import codes, responses, services

pytestmark = pytest.mark.django_db


def _png(colour, size=(300, 300)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _wagtail_image(title, data, name):
    image = get_image_model()(title=title, file=ImageFile(io.BytesIO(data), name=name))
    image.save()
    return image


def _pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def squeeze(value: str) -> str:
    """Text without white space: CJK lines wrap anywhere."""
    return "".join(value.split())


def test_the_chinese_pdf_holds_the_facts_as_text_and_the_images(cw):
    template = cw.templates["zh-hant"]
    template.seal_image = _wagtail_image("印信", _png((200, 0, 0, 255)), "seal.png")
    template.signature_image = _wagtail_image(
        "簽名", _png((0, 0, 0, 255), (600, 200)), "sign.png"
    )
    template.save()
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    pdf = responses.certificate_pdf_bytes(certificate)
    assert pdf.startswith(b"%PDF-")
    (page,) = _pages(pdf)
    text = squeeze(page.extract_text())
    start, end = cw.past.start_date, cw.past.end_date
    for expected in (
        "王資安",
        "資訊安全基礎班",
        "研習證明書",
        "計12小時",
        f"{start.year}年{start.month}月{start.day}日",
        f"{end.year}年{end.month}月{end.day}日",
        certificate.number,
        codes.certificate_code(certificate.number),
        responses.verification_url(certificate),
        "陳院長",
    ):
        assert squeeze(expected) in text, expected
    assert len(page.images) == 3  # the seal, the signature and the QR code


def test_the_english_pdf_is_in_english(cw):
    certificate = services.certificate_issue(
        record=cw.alice_record, language="en", actor=cw.organizer
    )
    (page,) = _pages(responses.certificate_pdf_bytes(certificate))
    text = squeeze(page.extract_text())
    end = cw.past.end_date
    for expected in (
        "Certificate of Completion",
        "王資安",
        "Information Security Basics",
        "12 hours",
        f"{end.day} {end:%B} {end.year}",
        "/en/certificates/verify/",
    ):
        assert squeeze(expected) in text, expected
    assert len(page.images) == 1  # the QR code only: no seal or signature set


def test_an_unreadable_seal_is_left_out_rather_than_failing(cw):
    template = cw.templates["zh-hant"]
    seal = _wagtail_image("印信", _png((200, 0, 0, 255)), "seal.png")
    with seal.file.storage.open(seal.file.name, "wb") as handle:
        handle.write(b"not an image")
    template.seal_image = seal
    template.save()
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    (page,) = _pages(responses.certificate_pdf_bytes(certificate))
    assert "王資安" in page.extract_text()
    assert len(page.images) == 1
