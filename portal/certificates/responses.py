"""A certificate as a PDF download (site, admin, API) and its verification link."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from . import codes, document

logger = logging.getLogger(__name__)


def verification_path(certificate, *, language: str | None = None) -> str:
    """The public verification page of ``certificate`` (in ``language``, else
    the active one)."""
    code = codes.certificate_code(certificate.number)
    if language is None:
        return reverse("certificates:verify", args=[code])
    with translation.override(language):
        return reverse("certificates:verify", args=[code])


def verification_url(certificate) -> str:
    """The absolute verification link printed on the certificate (its QR code),
    in the certificate's language."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + verification_path(
        certificate, language=certificate.language
    )


def _image_bytes(image) -> bytes | None:
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            return handle.read(document.IMAGE_MAX_BYTES + 1)
    except OSError:
        logger.warning("Certificate image %s cannot be read.", image.pk)
        return None


def certificate_pdf_bytes(certificate) -> bytes:
    """The certificate drawn in its own language."""
    template = certificate.template
    text = document.CertificateText(
        language=certificate.language,
        institute=certificate.institute_name,
        title=certificate.title,
        number=certificate.number,
        body=certificate.body,
        show_details=certificate.show_details,
        holder_name=certificate.holder_name,
        course_title=certificate.course_title,
        session_code=certificate.session_code,
        start_date=certificate.start_date,
        end_date=certificate.end_date,
        hours=certificate.hours,
        issued_on=timezone.localdate(certificate.issued_at),
        valid_until=certificate.valid_until,
        signer_name=certificate.signer_name,
        signer_title=certificate.signer_title,
        verify_url=verification_url(certificate),
        code=codes.certificate_code(certificate.number),
        seal_image=_image_bytes(template.seal_image if template else None),
        signature_image=_image_bytes(template.signature_image if template else None),
    )
    with translation.override(certificate.language):
        return document.render_pdf(text)


def certificate_pdf(certificate) -> HttpResponse:
    """A certificate's PDF as a private download; none for a revoked one."""
    if certificate.revoked_at is not None or not certificate.number:
        raise Http404
    response = HttpResponse(
        certificate_pdf_bytes(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.number}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    add_never_cache_headers(response)
    return response
