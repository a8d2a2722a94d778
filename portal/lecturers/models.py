"""Lecturer records (師資庫): the people's side of a catalog lecturer.

The catalog's ``Lecturer`` snippet stays content (name, title, biography, photo);
the profile holds what is personal: the account, contact, category for fees,
travel distance band and the bank account, sealed at rest.
"""

import mimetypes
import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from cms.handouts.storage import private_storage


class LecturerCategory(models.TextChoices):
    """Who the lecturer is for the fee scale (講座類別)."""

    OUTSIDE = "outside", _("Outside expert")
    AFFILIATED = "affiliated", _("From an affiliated agency")
    INTERNAL = "internal", _("Internal staff")
    ASSISTANT = "assistant", _("Assistant")


class DistanceBand(models.TextChoices):
    """How far the lecturer travels, for travel costs."""

    NEAR = "near", _("Under 30 km")
    FAR = "far", _("30 km or more")
    ABROAD = "abroad", _("Abroad")


class LecturerExpertiseTag(TaggedItemBase):
    content_object = ParentalKey(
        "lecturers.LecturerProfile",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class LecturerProfile(ClusterableModel):
    """A lecturer's record: account, category, expertise, contact and bank account."""

    lecturer = models.OneToOneField(
        "catalog.Lecturer",
        verbose_name=_("lecturer"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecturer_profile",
    )
    category = models.CharField(
        _("lecturer category"),
        max_length=20,
        choices=LecturerCategory.choices,
        default=LecturerCategory.OUTSIDE,
    )
    expertise = ClusterTaggableManager(
        verbose_name=_("expertise"), through=LecturerExpertiseTag, blank=True
    )
    education = models.TextField(_("education"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    distance_band = models.CharField(
        _("distance band"),
        max_length=10,
        choices=DistanceBand.choices,
        default=DistanceBand.NEAR,
    )
    # Sealed by portal.lecturers.banking; never stored in clear.
    bank_account_sealed = models.BinaryField(_("bank account (sealed)"), null=True)
    bank_account_masked = models.CharField(
        _("bank account"), max_length=60, blank=True, editable=False
    )
    bank_account_changed_at = models.DateTimeField(
        _("bank account changed"), null=True, blank=True, editable=False
    )
    invited_email = models.EmailField(_("invited e-mail"), blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invitation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["lecturer__name"]
        verbose_name = _("lecturer profile")
        verbose_name_plural = _("lecturer profiles")

    def __str__(self):
        return str(self.lecturer)

    @property
    def name(self):
        return self.lecturer.name

    @property
    def has_bank_account(self):
        return bool(self.bank_account_sealed)


class BankAccountChange(models.Model):
    """The record of one change of a lecturer's bank account (masked only)."""

    profile = models.ForeignKey(
        LecturerProfile,
        verbose_name=_("lecturer profile"),
        on_delete=models.CASCADE,
        related_name="bank_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    previous_masked = models.CharField(_("previous account"), max_length=60, blank=True)
    new_masked = models.CharField(_("new account"), max_length=60)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("bank account change")
        verbose_name_plural = _("bank account changes")

    def __str__(self):
        return f"{self.profile} {self.changed_at:%Y-%m-%d}"


class SubmissionStatus(models.TextChoices):
    """Where a lecturer's material stands in the organizer's review."""

    SUBMITTED = "submitted", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def submission_upload_to(instance, filename):
    """A random name under submissions/: the lecturer's file name stays in the
    record, never in the storage path."""
    extension = posixpath.splitext(filename)[1].lower()[:10]
    return f"submissions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class MaterialSubmission(models.Model):
    """A file a lecturer hands in for a session they teach; an organizer accepts
    it (it becomes a handout) or returns it with a comment."""

    profile = models.ForeignKey(
        LecturerProfile,
        verbose_name=_("lecturer"),
        on_delete=models.CASCADE,
        related_name="material_submissions",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="material_submissions",
    )
    title = models.CharField(_("title"), max_length=255)
    note = models.TextField(_("note to the organizer"), blank=True)
    # Private storage: the file leaves only through views that check who asks.
    file = models.FileField(
        _("file"),
        upload_to=submission_upload_to,
        storage=private_storage,
        max_length=255,
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    replaced_at = models.DateTimeField(_("file replaced"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    handout = models.ForeignKey(
        "handouts.Handout",
        verbose_name=_("handout"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The handout made from this file when it was accepted."),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("lecturer material")
        verbose_name_plural = _("lecturer materials")
        permissions = [
            (
                "review_materialsubmission",
                "Can accept or return lecturer material of every session",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(review_comment=""),
                name="lecturers_submission_returned_has_comment",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def filename(self):
        """The lecturer's own file name, for downloads."""
        return self.original_filename

    @property
    def content_type(self):
        return mimetypes.guess_type(self.original_filename)[0] or (
            "application/octet-stream"
        )

    @property
    def is_pending(self):
        return self.status == SubmissionStatus.SUBMITTED
