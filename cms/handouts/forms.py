from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.forms import BaseDocumentForm
from wagtail.snippets.widgets import AdminSnippetChooser

from cms.catalog.models import CoursePage, Session

from .models import Visibility


class HandoutForm(BaseDocumentForm):
    """Choosers instead of selects: ten years hold thousands of sessions."""

    class Meta(BaseDocumentForm.Meta):
        widgets = {
            **BaseDocumentForm.Meta.widgets,
            "course": AdminPageChooser(target_models=[CoursePage]),
            "session": AdminSnippetChooser(Session),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "visibility" in self.fields:
            # The multiple uploader sends only a title and the file. Were the
            # visibility required, Wagtail would park the file as a pending
            # upload in MEDIA_ROOT; instead the handout is created at once (in
            # the private storage), staff-only until the editor says otherwise.
            self.fields["visibility"].required = False

    def clean_visibility(self):
        return self.cleaned_data.get("visibility") or Visibility.STAFF
