"""Training certificates (研習證明): the templates staff edit, and the
certificates issued from a completed training record.

A certificate keeps a snapshot of what it certifies (name, course, hours,
dates, the wording and the signer) taken when it was issued, so its PDF and its
public verification page say the same thing for ever, whatever later happens to
the person's profile, the course page or the template.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from . import wording


class Language(models.TextChoices):
    # Each language named in itself, as the site's language switch does.
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


class CertificateStatus(models.TextChoices):
    # Short words that mean other things elsewhere (authorizations): a context.
    VALID = "valid", pgettext_lazy("certificate", "Valid")
    REVOKED = "revoked", pgettext_lazy("certificate", "Revoked")
    EXPIRED = "expired", pgettext_lazy("certificate", "Expired")


class CertificateTemplate(models.Model):
    """The wording and look of the certificates of one language: title, text with
    placeholders, the institute's seal and the signer. Certificates are issued
    from the default template of their language."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("For staff, to tell templates apart.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANT
    )
    is_default = models.BooleanField(
        _("default for its language"),
        default=False,
        help_text=_("New certificates in this language use this template."),
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {name}, {course}, {hours}, {start_date}, {end_date}, "
            "{session_code} and {institute}."
        ),
    )
    show_details = models.BooleanField(
        _("list the details under the text"),
        default=True,
        help_text=_(
            "Name, course, session, dates and hours as a table, whatever the text says."
        ),
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("institute's seal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A PNG with a transparent background prints best."),
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField(_("signer's name"), max_length=80, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=80, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Counted from the last day of the session. Leave empty: the "
            "certificate never expires."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("language")]),
        FieldPanel("is_default"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("show_details"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
                FieldRowPanel(
                    [FieldPanel("seal_image"), FieldPanel("signature_image")]
                ),
            ],
            heading=_("Seal and signature"),
        ),
        FieldPanel("validity_months"),
    ]

    class Meta:
        ordering = ["language", "-is_default", "name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["language"],
                condition=models.Q(is_default=True),
                name="certificates_one_default_template_per_language",
                violation_error_message=_(
                    "Another template is already the default for this language. "
                    "Untick it there first."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_language_display()})"

    def clean(self):
        super().clean()
        unknown = wording.unknown_placeholders(self.body)
        if unknown:
            raise ValidationError(
                {
                    "body": ValidationError(
                        _("Unknown placeholders: %(names)s")
                        % {"names": ", ".join("{" + name + "}" for name in unknown)},
                        code="unknown_placeholder",
                    )
                }
            )

    def expires_at(self, end_date: datetime.date) -> datetime.datetime | None:
        """When a certificate of a session ending ``end_date`` stops being valid:
        the start of the day after its last valid day; None if it never expires."""
        if not self.validity_months:
            return None
        last_day = wording.add_months(end_date, self.validity_months)
        return timezone.make_aware(
            datetime.datetime.combine(
                last_day + datetime.timedelta(days=1), datetime.time.min
            )
        )


class Certificate(models.Model):
    """One certificate of one training record, in one language."""

    # PROTECT: a certificate is a public statement the institute made. Deleting
    # the record (or the enrolment, session or account above it) must not make
    # an issued certificate vanish from the verification page; it is revoked.
    record = models.ForeignKey(
        "records.TrainingRecord",
        verbose_name=_("training record"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANT
    )
    # C2026-000123: set right after the row is saved (its id is in it).
    number = models.CharField(
        _("certificate number"), max_length=24, unique=True, null=True, editable=False
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: issued by the scheduled task."),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What it certifies, as it was at issue.
    holder_name = models.CharField(_("name on the certificate"), max_length=80)
    course_title = models.CharField(_("course"), max_length=255)
    session_code = models.CharField(_("session code"), max_length=20)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    show_details = models.BooleanField(default=True)
    signer_name = models.CharField(_("signer's name"), max_length=80, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=80, blank=True)
    institute_name = models.CharField(_("institute"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [
            ("issue_certificate", "Can issue and revoke certificates of every session"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "language"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificates_one_live_per_record_language",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | ~models.Q(revoked_reason=""),
                name="certificates_revoked_has_reason",
            ),
        ]

    def __str__(self):
        return self.number or f"{self.holder_name} · {self.course_title}"

    def status_at(self, when: datetime.datetime | None = None) -> str:
        """Revoked, expired or valid at ``when`` (now)."""
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        when = when or timezone.now()
        if self.expires_at is not None and self.expires_at <= when:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self):
        return CertificateStatus(self.status).label

    @property
    def is_live(self) -> bool:
        """Not revoked (it may have expired)."""
        return self.revoked_at is None

    @property
    def valid_until(self) -> datetime.date | None:
        """The last day it is valid (local time), or None if it never expires."""
        if self.expires_at is None:
            return None
        return (timezone.localtime(self.expires_at) - datetime.timedelta(days=1)).date()
