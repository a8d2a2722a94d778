from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers


def sealed_pdf(authorization) -> FileResponse:
    """An authorization's stored PDF as a private download (site, admin, API)."""
    if not authorization.document:
        raise Http404
    response = FileResponse(
        authorization.document.open("rb"),
        as_attachment=True,
        filename=f"{authorization.reference}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    add_never_cache_headers(response)
    return response
