"""The authorization register (授權清冊): what each lecturer allowed for which
material, signed on the phone and sealed as a PDF.

Whether a lecturer's handout is shown to trainees, recorded or licensed to other
agencies is never a flag on the handout: it is read from this register
(``selectors.material_rights``), so withdrawing an authorization takes effect
everywhere at once.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.handouts.storage import private_storage


class Scope(models.TextChoices):
    """What a lecturer may allow for their material (授權範圍)."""

    CLASS = "class", _("Use in class")
    SITE = "site", _("Handouts on the site for trainees")
    RECORDING = "recording", _("Recording and livestream")
    LICENSING = "licensing", _("Licensing to other agencies")


SCOPE_FIELDS = {
    Scope.CLASS: "scope_class",
    Scope.SITE: "scope_site",
    Scope.RECORDING: "scope_recording",
    Scope.LICENSING: "scope_licensing",
}


class Status(models.TextChoices):
    # Words such as "Withdrawn" mean something else for enrolments: a context.
    DRAFT = "draft", pgettext_lazy("authorization", "Draft")
    PENDING = "pending", _("Waiting for the lecturer's signature")
    SIGNED = "signed", pgettext_lazy("authorization", "Signed")
    DECLINED = "declined", _("Declined by the lecturer")
    WITHDRAWN = "withdrawn", pgettext_lazy("authorization", "Withdrawn")


class Source(models.TextChoices):
    ELECTRONIC = "electronic", _("Signed electronically on the site")
    PAPER = "paper", _("Signed on paper, recorded by the institute")


class AuthorizationQuerySet(models.QuerySet):
    def in_force(self, *, on: datetime.date | None = None, scope: str | None = None):
        """Signed, not withdrawn, and within its period on ``on`` (today); with
        ``scope``, only those that allow it. The one definition of "in force"."""
        from django.utils import timezone

        day = on or timezone.localdate()
        queryset = self.filter(status=Status.SIGNED, valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )
        if scope is not None:
            queryset = queryset.filter(**{SCOPE_FIELDS[Scope(scope)]: True})
        return queryset


class Authorization(models.Model):
    """One lecturer's authorization for the material of one session."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    lecturer = models.ForeignKey(
        "catalog.Lecturer",
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        related_name="authorizations",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authorizations",
    )
    materials = models.ManyToManyField(
        "handouts.Handout",
        verbose_name=_("materials"),
        related_name="authorizations",
        blank=True,
    )
    scope_class = models.BooleanField(_("use in class"), default=True)
    scope_site = models.BooleanField(
        _("handouts on the site for trainees"), default=False
    )
    scope_recording = models.BooleanField(_("recording and livestream"), default=False)
    scope_licensing = models.BooleanField(
        _("licensing to other agencies"), default=False
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no end date."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(
        _("how it was signed"),
        max_length=12,
        choices=Source.choices,
        default=Source.ELECTRONIC,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # A new link voids the previous one (the nonce is in the link).
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField(_("signer"), max_length=80, blank=True)
    consent_sha256 = models.CharField(
        _("SHA-256 of the text signed"), max_length=64, blank=True
    )
    signing_ip = models.GenericIPAddressField(_("signed from"), null=True, blank=True)
    document = models.FileField(
        _("sealed PDF"),
        upload_to="authorizations",
        storage=private_storage,
        blank=True,
    )
    document_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = AuthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("material authorization")
        verbose_name_plural = _("material authorizations")
        indexes = [models.Index(fields=["status", "valid_from", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="authorization_period_ordered",
            ),
        ]

    def __str__(self):
        return self.reference or f"{self.lecturer} ({self.get_status_display()})"

    @property
    def scopes(self) -> list[str]:
        return [scope for scope, field in SCOPE_FIELDS.items() if getattr(self, field)]

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(scope).label) for scope in self.scopes]

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.status == Status.SIGNED
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    def state_label(self, today: datetime.date | None = None):
        """The status as people read it: a signed one may be expired or not yet
        in force."""
        if today is None:
            from django.utils import timezone

            today = timezone.localdate()
        if self.status == Status.SIGNED:
            if self.valid_until is not None and self.valid_until < today:
                return pgettext_lazy("authorization", "Expired")
            if self.valid_from > today:
                return _("Signed, not yet in force")
        return self.get_status_display()

    @property
    def editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.PENDING, Status.DECLINED)
