"""Licenses of teaching materials to other agencies (教材授權): the application
form page, the applications with their history, and the download log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from cms.core.models import BasePage


class LicenseApplicationPage(BasePage):
    """The application form for teaching-material licenses; editors word it and
    place it, the form and the catalogue of licensable materials come with it."""

    body = RichTextField(_("body"), blank=True)
    terms = RichTextField(
        _("terms of use"),
        help_text=_("Applicants must accept these terms to apply."),
    )
    account_request_text = RichTextField(
        _("how to request an agency account"),
        blank=True,
        help_text=_("Shown to visitors who are not signed in."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        FieldPanel("terms"),
        FieldPanel("account_request_text"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("license application page")

    def serve(self, request, *args, **kwargs):
        from .views import application_page

        return application_page(request, self)


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", pgettext_lazy("license", "Refused")
    GRANTED = "granted", _("Granted")


class LicenseApplication(models.Model):
    """One agency's request to reuse teaching materials, and the license granted."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="license_applications",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="license_applications",
    )
    materials = models.ManyToManyField(
        "handouts.Handout", verbose_name=_("materials"), related_name="licenses"
    )
    purpose = models.TextField(_("purpose"))
    audience = models.CharField(pgettext_lazy("license", "audience"), max_length=200)
    period_start = models.DateField(_("use from"))
    period_end = models.DateField(_("use until"))
    users_count = models.PositiveIntegerField(_("number of users"))
    terms_accepted_at = models.DateTimeField(_("terms accepted"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    conditions = models.TextField(_("conditions"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    granted_at = models.DateTimeField(_("granted"), null=True, blank=True)
    links_expire_at = models.DateTimeField(
        _("download links expire"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("license")
        verbose_name_plural = _("licenses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="licensing_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.agency}"

    def material_titles(self):
        return "、".join(material.title for material in self.materials.all())

    material_titles.short_description = _("materials")

    def download_total(self):
        if hasattr(self, "_download_total"):  # annotated by the register selector
            return self._download_total
        return self.downloads.count()

    download_total.short_description = _("downloads")

    @property
    def links_active(self):
        return (
            self.status == Status.GRANTED
            and self.links_expire_at is not None
            and timezone.now() < self.links_expire_at
        )


class LicenseEvent(models.Model):
    """A step of the review, with who took it and when."""

    application = models.ForeignKey(
        LicenseApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application.reference}: {self.to_status}"


class LicenseDownload(models.Model):
    """Every download of licensed material."""

    application = models.ForeignKey(
        LicenseApplication, on_delete=models.CASCADE, related_name="downloads"
    )
    handout = models.ForeignKey(
        "handouts.Handout", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.application.reference}: {self.handout}"
