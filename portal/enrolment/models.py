from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from portal.accounts.names import display_name


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUBSTITUTED = "substituted", _("Substituted")
    REFUSED = "refused", _("Not selected")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Self-registration")
    NOMINATION = "nomination", _("Agency nomination")
    ORGANIZER = "organizer", _("Added by the organizer")
    SUBSTITUTION = "substitution", _("Substitution")
    TRANSFER = "transfer", _("Moved from another term")
    IMPORT = "import", _("Import")
    EXCHANGE = "exchange", _("Seat exchange")


# Statuses that make a trainee part of the class (and so see its handouts).
ACTIVE_STATUSES = (EnrolmentStatus.SELECTED,)
# Statuses still in the running for a seat or holding one.
OPEN_STATUSES = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.SELECTED,
    EnrolmentStatus.WAITLISTED,
)


class Enrolment(models.Model):
    """A person's registration for one session (報名), from application to outcome."""

    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
        help_text=_("The trainee's agency when they enrolled."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.APPLIED,
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=EnrolmentSource.choices,
        default=EnrolmentSource.SELF,
    )
    queued_at = models.DateTimeField(
        _("queued at"),
        null=True,
        blank=True,
        help_text=_("Waitlist order: earliest first."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="enrolment_one_per_session_user"
            )
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["session", "status", "queued_at"]),
            models.Index(fields=["agency", "status"]),
        ]

    def __str__(self):
        return f"{display_name(self.user)} → {self.session_id} ({self.get_status_display()})"

    @property
    def history(self):
        """Every status change, one per line: when, from → to, by whom, why."""
        lines = []
        for event in self.events.select_related("actor"):
            who = event.actor.get_username() if event.actor else "—"
            change = f"{event.get_from_status_display() or '∅'} → {event.get_to_status_display()}"
            reason = f" ({event.reason})" if event.reason else ""
            lines.append(f"{event.at:%Y-%m-%d %H:%M} {change} · {who}{reason}")
        return "\n".join(lines)


class EnrolmentEvent(models.Model):
    """One change of an enrolment's status: who, when and why."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"),
        max_length=20,
        choices=EnrolmentStatus.choices,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment change")
        verbose_name_plural = _("enrolment history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class AgencyQuota(models.Model):
    """Seats of a session reserved for one agency (and its units) at selection."""

    session = ParentalKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="agency_quotas",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    seats = models.PositiveIntegerField(_("seats"))

    panels = [FieldPanel("agency"), FieldPanel("seats")]

    class Meta:
        verbose_name = _("agency quota")
        verbose_name_plural = _("agency quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "agency"], name="enrolment_quota_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.agency}: {self.seats}"


class ReminderKind(models.TextChoices):
    BLENDED_SIGNUP = "blended_signup", _("Sign up for the online part")
    BLENDED_UNFINISHED = "blended_unfinished", _("Online part not finished")


class Reminder(models.Model):
    """A reminder sent about an enrolment on one day: kept so that the scheduler,
    which runs often, sends each one once."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind", "day"], name="enrolment_one_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} {self.kind} {self.day}"


class ChangeKind(models.TextChoices):
    SUBSTITUTE = "substitute", _("Substitute")
    TRANSFER = "transfer", _("Move to another term")
    WITHDRAW = "withdraw", pgettext_lazy("enrolment", "Withdraw")


class HRChange(models.Model):
    """A change an agency's HR office made to a nomination; the session's quota
    of changes per agency counts them."""

    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="hr_changes",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="hr_changes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change by an HR office")
        verbose_name_plural = _("changes by HR offices")
        indexes = [models.Index(fields=["session", "agency"])]

    def __str__(self):
        return f"{self.session_id} {self.kind} {self.enrolment_id}"
