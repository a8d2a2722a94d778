from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.forms import BaseDocumentForm
from wagtail.snippets.widgets import AdminSnippetChooser

from cms.catalog.models import CoursePage, Session


class HandoutForm(BaseDocumentForm):
    """Choosers instead of selects: ten years hold thousands of sessions."""

    class Meta(BaseDocumentForm.Meta):
        widgets = {
            **BaseDocumentForm.Meta.widgets,
            "course": AdminPageChooser(target_models=[CoursePage]),
            "session": AdminSnippetChooser(Session),
        }
