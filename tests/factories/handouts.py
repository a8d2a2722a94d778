from django.core.files.base import ContentFile

from cms.handouts.models import Handout, Visibility

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
