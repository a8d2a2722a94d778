"""Study-hour uploads to the national portals (上傳檔): which courses count for
which portal, each upload batch and its rows with the portal's answer.

No file is stored: a batch keeps its rows' cells without the national ID number,
and a download writes the file again, taking the numbers from the vault through
``national_ids_disclose`` (logged). See docs/hour-uploads.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnvEduMethod(models.TextChoices):
    """環境教育的方式 (the methods the Environmental Education Act's enforcement
    rules list); the portal's numeric codes are an assumption, see the docs."""

    COURSE = "1", _("Course (課程)")
    LECTURE = "2", _("Lecture (演講)")
    DISCUSSION = "3", _("Discussion (討論)")
    ONLINE = "4", _("Online learning (網路學習)")
    EXPERIENCE = "5", _("Experience (體驗)")
    EXPERIMENT = "6", _("Experiment or practice (實驗／實習)")
    OUTDOOR = "7", _("Outdoor teaching (戶外教學)")
    VISIT = "8", _("Visit (參訪)")
    FILM = "9", _("Film (影片觀賞)")
    HANDS_ON = "10", _("Hands-on work (實作)")
    OTHER = "11", _("Other (其他)")


class PortalCourse(models.Model):
    """What the national portals need to know about a course that the catalog does
    not hold: whether it counts as environmental education or teachers' in-service
    training, and the codes those portals give it."""

    course = models.OneToOneField(
        "catalog.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="portal_course",
    )
    environmental_education = models.BooleanField(
        _("environmental education"),
        default=False,
        help_text=_("Counts toward the civil servants' yearly environmental hours."),
    )
    envedu_method = models.CharField(
        _("environmental education method"),
        max_length=2,
        choices=EnvEduMethod.choices,
        blank=True,
        help_text=_("Leave empty: online courses are online learning, others courses."),
    )
    teachers_in_service = models.BooleanField(
        _("teachers' in-service training"), default=False
    )
    teachers_course_code = models.CharField(
        _("in-service course code"),
        max_length=30,
        blank=True,
        help_text=_("The code the teachers' in-service portal gave this course."),
    )

    class Meta:
        verbose_name = _("course on the national portals")
        verbose_name_plural = _("courses on the national portals")

    def __str__(self):
        return str(self.course)


class UploadBatch(models.Model):
    """One upload to a national portal: the profile (portal and version) it was
    written with, who made it and when, its sessions and rows, and the portal's
    result once imported."""

    profile = models.CharField(_("profile"), max_length=40)
    portal = models.CharField(_("portal"), max_length=20, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    # The HR officer's agency when an HR officer made it (None: institute staff,
    # every agency); who may see the batch follows it.
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sessions = models.ManyToManyField(
        "catalog.Session", verbose_name=_("sessions"), related_name="+", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_name = models.CharField(_("created by (name)"), max_length=150)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    file_count = models.PositiveSmallIntegerField(_("files"), default=0)
    # Records left out when the batch was made, with why (no ID number on file,
    # a name Big5 cannot write...): [{"record": id, "name": ..., "message": ...}].
    problems = models.JSONField(_("problems"), default=list, blank=True)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    result_imported_at = models.DateTimeField(
        _("result imported at"), null=True, blank=True
    )
    result_filename = models.CharField(_("result file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("study-hour upload")
        verbose_name_plural = _("study-hour uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.profile} #{self.pk}"


class RowStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the portal's result")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class UploadRow(models.Model):
    """One training record in a batch: its place in the files, its cells (the
    national ID cell left empty) and the portal's answer."""

    batch = models.ForeignKey(
        UploadBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    record = models.ForeignKey(
        "records.TrainingRecord",
        verbose_name=_("training record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_number = models.PositiveSmallIntegerField(_("file"))
    line_number = models.PositiveIntegerField(_("line"))
    cells = models.JSONField(_("cells"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RowStatus.choices,
        default=RowStatus.PENDING,
        db_index=True,
    )
    message = models.CharField(_("portal's message"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("uploaded row")
        verbose_name_plural = _("uploaded rows")
        ordering = ["batch", "file_number", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "record"], name="hour_uploads_row_once_a_batch"
            )
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.file_number}:{self.line_number}"
