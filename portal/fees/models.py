"""Lecture fees (講座鐘點費): rates and settings with effective dates, fee
statements (請款清冊) with their lines, adjustments and steps. The arithmetic is
in ``rules.py``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.lecturers.models import LecturerCategory

PAID_CATEGORIES = [
    (value, label)
    for value, label in LecturerCategory.choices
    if value != LecturerCategory.ASSISTANT
]


class EffectiveQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )


class Effective(models.Model):
    """A row in force from one date until another (open when empty)."""

    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it is in force."),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the figures come from.")
    )

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def _overlapping(self, queryset):
        queryset = queryset.exclude(pk=self.pk).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to:
            queryset = queryset.filter(effective_from__lte=self.effective_to)
        return queryset

    def clean(self):
        if (
            self.effective_from
            and self.effective_to
            and self.effective_to < self.effective_from
        ):
            raise ValidationError(
                {"effective_to": _("The end is before the start.")},
                code="period_order",
            )


class FeeRate(Effective):
    """The fee per period (節) for one category of lecturer, over a period."""

    category = models.CharField(
        _("lecturer category"), max_length=20, choices=PAID_CATEGORIES
    )
    amount = models.PositiveIntegerField(_("NT$ per period"))

    class Meta:
        verbose_name = _("fee rate")
        verbose_name_plural = _("fee rates")
        ordering = ["category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "effective_from"], name="fees_rate_one_start"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="fees_rate_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount} ({self.effective_from})"

    def clean(self):
        super().clean()
        if (
            self.category
            and self.effective_from
            and self._overlapping(FeeRate.objects.filter(category=self.category))
        ):
            raise ValidationError(
                _("Another rate of this category is in force in this period."),
                code="rate_overlap",
            )


class FeeSettings(Effective):
    """Withholding and sharing rules in force over a period."""

    premium_rate = models.DecimalField(
        _("supplementary premium rate"),
        max_digits=6,
        decimal_places=4,
        help_text=_("For example 0.0211 for 2.11%."),
    )
    premium_threshold = models.PositiveIntegerField(
        _("premium threshold (NT$)"),
        help_text=_("The premium is withheld from a payment at or above this."),
    )
    tax_rate = models.DecimalField(_("income tax rate"), max_digits=6, decimal_places=4)
    tax_threshold = models.PositiveIntegerField(
        _("tax threshold (NT$)"),
        help_text=_("Tax is withheld from a payment above this."),
    )
    tax_minimum = models.PositiveIntegerField(
        _("smallest tax withheld (NT$)"),
        help_text=_("A tax under this amount is not withheld."),
    )
    assistant_share = models.DecimalField(
        _("assistant's share of the lecturer's rate"),
        max_digits=4,
        decimal_places=3,
        default="0.5",
    )
    materials_cap = models.DecimalField(
        _("materials fee cap (share of the teaching fee)"),
        max_digits=4,
        decimal_places=3,
        default="0.7",
    )

    class Meta:
        verbose_name = _("fee settings")
        verbose_name_plural = _("fee settings")
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from"], name="fees_settings_one_start"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="fees_settings_period_in_order",
            ),
        ]

    def __str__(self):
        return str(_("Fee settings from %(date)s") % {"date": self.effective_from})

    def clean(self):
        super().clean()
        if self.effective_from and self._overlapping(FeeSettings.objects.all()):
            raise ValidationError(
                _("Other settings are in force in this period."),
                code="settings_overlap",
            )


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("To confirm")
    DISPUTED = "disputed", _("Disputed")
    CONFIRMED = "confirmed", _("Confirmed")
    PAID = "paid", _("Paid")


class FeeStatement(models.Model):
    """What one lecturer is paid for one session (請款清冊)."""

    lecturer = models.ForeignKey(
        "lecturers.LecturerProfile",
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        related_name="fee_statements",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="fee_statements",
    )
    category = models.CharField(
        _("lecturer category"), max_length=20, choices=LecturerCategory.choices
    )
    date = models.DateField(
        _("statement date"),
        help_text=_("The lecturer's last teaching day in the session."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.PENDING,
    )
    taxable_total = models.IntegerField(_("fees"), default=0)
    travel_total = models.IntegerField(_("travel"), default=0)
    premium = models.IntegerField(_("supplementary premium"), default=0)
    tax = models.IntegerField(_("income tax"), default=0)
    net_total = models.IntegerField(_("net payment"), default=0)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_account = models.CharField(
        _("account confirmed"), max_length=60, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee statement")
        verbose_name_plural = _("fee statements")
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lecturer", "session"], name="fees_statement_per_session"
            )
        ]
        indexes = [models.Index(fields=["date"], name="fees_statement_date")]

    def __str__(self):
        return f"{self.lecturer} · {self.session.code}"

    @property
    def gross_total(self) -> int:
        return self.taxable_total + self.travel_total


class LineKind(models.TextChoices):
    TEACHING = "teaching", _("Teaching")
    MATERIALS = "materials", _("Materials fee")
    TRAVEL = "travel", _("Travel")
    CASE = "case", _("Keynote or foreign expert (set per case)")


class FeeLine(models.Model):
    """One line of a statement; teaching lines come from the timetable, the other
    kinds are added by the organizer with a reason."""

    statement = models.ForeignKey(
        FeeStatement, on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    key = models.CharField(max_length=40, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    periods = models.DecimalField(
        pgettext_lazy("fees", "periods"), max_digits=6, decimal_places=1, default=0
    )
    rate = models.DecimalField(
        _("rate per period"), max_digits=9, decimal_places=1, default=0
    )
    computed_amount = models.IntegerField(_("computed amount"), default=0)
    amount = models.IntegerField(_("amount"))
    adjusted = models.BooleanField(_("adjusted"), default=False)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("fee line")
        verbose_name_plural = _("fee lines")
        ordering = ["kind", "date", "key", "pk"]

    def __str__(self):
        return self.description


class FeeAdjustment(models.Model):
    """Who changed a line's amount, when, from what to what and why (append-only)."""

    statement = models.ForeignKey(
        FeeStatement, on_delete=models.CASCADE, related_name="adjustments"
    )
    line = models.ForeignKey(
        FeeLine,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
    )
    line_description = models.CharField(_("line"), max_length=300)
    old_amount = models.IntegerField(_("old amount"), null=True, blank=True)
    new_amount = models.IntegerField(_("new amount"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("fee adjustment")
        verbose_name_plural = _("fee adjustments")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.line_description}: {self.old_amount} → {self.new_amount}"


class FeeEvent(models.Model):
    """A step of a statement (computed, confirmed, disputed, paid), with who."""

    statement = models.ForeignKey(
        FeeStatement, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=StatementStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=StatementStatus.choices
    )
    line = models.ForeignKey(
        FeeLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.statement_id}: {self.to_status}"
