from django.core.files.base import ContentFile

from cms.handouts.models import Handout, Visibility


def pdf_bytes(*, catalog: bytes = b"", page: bytes = b"", extra=()) -> bytes:
    """A small well-formed PDF (one page, a real cross-reference table); ``catalog``
    and ``page`` add entries to those dictionaries, ``extra`` adds objects 4, 5..."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]" + page + b">>",
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PDF_BYTES = pdf_bytes()


def make_handout(
    course,
    *,
    visibility=Visibility.PUBLIC,
    session=None,
    name="notes.pdf",
    content=PDF_BYTES,
    **fields,
):
    handout = Handout(
        title=fields.pop("title", f"講義 {name}"),
        course=course,
        session=session,
        visibility=visibility,
        **fields,
    )
    handout.file.save(name, ContentFile(content), save=False)
    handout.save()
    return handout
