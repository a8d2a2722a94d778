from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel

from .placeholders import PLACEHOLDERS, validate_template_text


class TemplateKey(models.TextChoices):
    SUMMONS = "summons", _("Summons (調訓通知)")
    SUMMONS_HR_COPY = "summons_hr_copy", _("Summons, copy to the agency HR officer")
    WAITLISTED = "waitlisted", _("Placed on the waiting list")
    WAITLIST_PROMOTION = "waitlist_promotion", _("Promoted from the waiting list")
    WITHDRAWAL_CONFIRMATION = "withdrawal_confirmation", _("Withdrawal confirmation")
    SUBSTITUTION_HR_COPY = "substitution_hr_copy", _("Substitution, copy to HR")
    LICENSE_SUBMITTED = "license_submitted", _("License application received")
    LICENSE_UNDER_REVIEW = "license_under_review", _("License application under review")
    LICENSE_APPROVED = "license_approved", _("License application approved")
    LICENSE_REFUSED = "license_refused", _("License application refused")
    LICENSE_GRANTED = "license_granted", _("License granted: materials ready")
    LEAVE_DECISION = "leave_decision", _("Leave approved or refused (to the trainee)")
    LEAVE_APPROVED_NOTICE = (
        "leave_approved_notice",
        _("Leave approved (to duty staff, front desk and HR)"),
    )
    FEE_PAYMENT_NOTICE = (
        "fee_payment_notice",
        _("Lecture fee paid (to the lecturer)"),
    )
    LECTURER_INVITATION = (
        "lecturer_invitation",
        _("Invitation to a lecturer account"),
    )
    LECTURER_BANK_CHANGED = (
        "lecturer_bank_changed",
        _("Lecturer's bank account changed (to the lecturer)"),
    )
    AUTHORIZATION_REQUEST = (
        "authorization_request",
        _("Material authorization to sign (to the lecturer)"),
    )
    AUTHORIZATION_SIGNED = (
        "authorization_signed",
        _("Material authorization signed (to the lecturer)"),
    )
    MATERIAL_ACCEPTED = (
        "material_accepted",
        _("Lecturer's material accepted (to the lecturer)"),
    )
    MATERIAL_RETURNED = (
        "material_returned",
        _("Lecturer's material returned with a comment (to the lecturer)"),
    )
    SUGGESTION_REPLIED = (
        "suggestion_replied",
        _("Reply to a suggestion (to the trainee)"),
    )
    DISMISSAL = (
        "dismissal",
        _("Withdrawn from a class for a rule (退訓, to the trainee)"),
    )
    DISMISSAL_HR_COPY = (
        "dismissal_hr_copy",
        _("Withdrawn from a class for a rule (退訓), copy to HR"),
    )
    BLENDED_SIGNUP_REMINDER = (
        "blended_signup_reminder",
        _("Blended class: sign up for the online part (to the trainee)"),
    )
    BLENDED_UNFINISHED = (
        "blended_unfinished",
        _("Blended class: online part not finished (to the trainee)"),
    )
    BLENDED_UNFINISHED_HR = (
        "blended_unfinished_hr",
        _("Blended class: online part not finished (to HR)"),
    )
    EXCHANGE_TAKEN = (
        "exchange_taken",
        _("Seat exchange: your seat was taken over (to the offerer, HR copied)"),
    )
    EXCHANGE_SUMMONS = (
        "exchange_summons",
        _("Seat exchange: you took over a seat (to the taker, HR copied)"),
    )
    EXCHANGE_RELEASED = (
        "exchange_released",
        _("Seat exchange: the seat went to the waiting list (to the offerer)"),
    )
    EXCHANGE_EXPIRED = (
        "exchange_expired",
        _("Seat exchange: nobody took the seat (to the offerer)"),
    )
    HR_SYNC_REPORT = "hr_sync_report", _("HR data sync: the daily report (to staff)")
    HR_SYNC_FAILED = (
        "hr_sync_failed",
        _("HR data sync: feed refused or not read (to staff)"),
    )
    VOLUNTEER_SHIFT_REMINDER = (
        "volunteer_shift_reminder",
        _("Volunteer: tomorrow's shift (to the volunteer)"),
    )
    VOLUNTEER_WEEKLY_GAPS = (
        "volunteer_weekly_gaps",
        _("Volunteers: shifts and classes still without volunteers (to coordinators)"),
    )


class EmailTemplate(models.Model):
    """An e-mail the portal sends, worded by editors, with named placeholders."""

    key = models.CharField(_("e-mail"), max_length=40, choices=TemplateKey.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hant"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"), help_text=_("Placeholders in braces, e.g. {trainee_name}.")
    )
    # Set when a stored wording could not be rendered and the built-in default was
    # sent instead; cleared when an editor saves a valid wording.
    render_error = models.TextField(_("rendering error"), blank=True, editable=False)
    render_failed_at = models.DateTimeField(
        _("rendering failed at"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("language"),
        HelpPanel(
            content=_(
                "Use placeholders such as {trainee_name}, {course_title}, "
                "{session_code}, {term}, {start_date}, {end_date}, {venue}. Unknown "
                "placeholders are refused when you save."
            )
        ),
        FieldPanel("subject"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="notifications_template_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_key_display()} ({self.language})"

    def clean(self):
        allowed = PLACEHOLDERS.get(self.key, {})
        errors = {}
        for field in ("subject", "body"):
            try:
                validate_template_text(getattr(self, field) or "", allowed)
            except ValidationError as error:
                errors[field] = error.error_list
        if errors:
            raise ValidationError(errors)
        self.render_error = ""
        self.render_failed_at = None


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class OutgoingEmail(models.Model):
    """One e-mail as rendered when it was queued, and what became of it."""

    template_key = models.CharField(
        _("e-mail"), max_length=40, choices=TemplateKey.choices
    )
    to = models.TextField(_("to"))
    cc = models.TextField(_("cc"), blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EmailStatus.choices,
        default=EmailStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the row is due to be (re)tried; the sweeper re-queues rows long past it.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    task_id = models.CharField(_("task"), max_length=64, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def recipients(self):
        return [a for a in self.to.split(",") if a]

    @property
    def cc_recipients(self):
        return [a for a in self.cc.split(",") if a]
