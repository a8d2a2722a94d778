"""Lecturer records (師資庫): the people's side of a catalog lecturer.

The catalog's ``Lecturer`` snippet stays content (name, title, biography, photo);
the profile holds what is personal: the account, contact, category for fees,
travel distance band and the bank account, sealed at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase


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
