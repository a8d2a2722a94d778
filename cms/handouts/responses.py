from django.http import FileResponse


def attachment(handout) -> FileResponse:
    """A handout's file as a download that browsers never render or sniff."""
    response = FileResponse(
        handout.file.open("rb"),
        as_attachment=True,
        filename=handout.filename,
        content_type=handout.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
