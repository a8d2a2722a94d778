from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from .storage import private_storage
from .validators import validate_handout_content


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    ENROLLED = "enrolled", _("Enrolled trainees of the session")
    STAFF = "staff", _("Institute staff only")


class Handout(AbstractDocument):
    """A teaching handout (講義): a Wagtail document with access rules."""

    # In the private storage: no URL reaches the file, only the checked views.
    file = models.FileField(_("file"), upload_to="documents", storage=private_storage)
    course = models.ForeignKey(
        "catalog.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handouts",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handouts",
        help_text=_("Leave empty for a handout that belongs to every session."),
    )
    lecturer = models.ForeignKey(
        "catalog.Lecturer",
        verbose_name=_("lecturer (author)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handouts",
        help_text=_(
            "The lecturer whose material this is. Leave empty for the institute's "
            "own material. A lecturer's material is shown to trainees, recorded "
            "or licensed only as far as the lecturer's signed authorization covers."
        ),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.STAFF,
        help_text=_("Who may download this handout."),
    )
    download_count = models.PositiveIntegerField(
        _("downloads"), default=0, editable=False
    )

    admin_form_fields = Document.admin_form_fields + (
        "course",
        "session",
        "lecturer",
        "visibility",
    )
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("search_text"),
        index.FilterField("visibility"),
        index.FilterField("course"),
        index.FilterField("session"),
        index.FilterField("lecturer"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("handout")
        verbose_name_plural = _("handouts")
        permissions = [
            ("choose_document", "Can choose document"),
            ("view_restricted_handout", "Can download staff-only handouts"),
        ]

    def search_text(self):
        """The title analysed for Chinese-aware search (search.analysis)."""
        from search.analysis import analyse

        return analyse(self.title)

    def clean(self):
        super().clean()
        if self.file and not self.file._committed:
            # Only a new upload is checked; stored files were checked on their way in.
            validate_handout_content(self.file)
        if self.session_id:
            if self.course_id and self.session.course_id != self.course_id:
                raise ValidationError(
                    {"session": _("The session belongs to another course.")}
                )
            self.course_id = self.session.course_id
