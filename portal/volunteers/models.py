"""Volunteers (志工): duties with requirements, posts with a rotating QR code,
shifts published a month at a time, sign-ups with a waiting list, clock times,
late clock-in requests and appraisals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Duty(models.Model):
    """A kind of volunteer work (front desk, classroom support, event guidance)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    required_course = models.ForeignKey(
        "catalog.CoursePage",
        verbose_name=_("required training course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Volunteers must have completed this course to take the duty."),
    )
    max_per_month = models.PositiveSmallIntegerField(
        _("most shifts a month"),
        null=True,
        blank=True,
        help_text=_("Per volunteer; empty for no limit."),
    )
    self_signup = models.BooleanField(
        _("volunteers sign up themselves"),
        default=True,
        help_text=_("Otherwise only coordinators assign this duty."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Post(models.Model):
    """Where volunteers serve and clock in: its screen shows a rotating QR code."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    location = models.CharField(_("location"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("volunteer post")
        verbose_name_plural = _("volunteer posts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    """A volunteer's profile, linked to their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="volunteer",
    )
    name = models.CharField(_("name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined on"))
    active = models.BooleanField(_("active"), default=True)
    # For the national volunteer-service system's hours file: kept like a
    # person's (keyed hash, mask, encrypted), decrypted only by a logged export.
    national_id_hash = models.CharField(
        _("national ID (keyed hash)"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    national_id_masked = models.CharField(
        _("national ID"), max_length=10, blank=True, editable=False
    )
    national_id_sealed = models.TextField(
        _("national ID (encrypted)"), blank=True, editable=False
    )
    # {"mon": ["morning", "afternoon"], ...}: when the volunteer can usually serve.
    availability = models.JSONField(_("availability"), default=dict, blank=True)
    notes = models.TextField(_("coordinator's notes"), blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ShiftMonth(models.Model):
    """A month of shifts, published at once with its sign-up window."""

    month = models.DateField(_("month"), unique=True, help_text=_("Its first day."))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    signup_opens_at = models.DateTimeField(_("sign-up opens"))
    signup_closes_at = models.DateTimeField(_("sign-up closes"))

    class Meta:
        verbose_name = _("month of shifts")
        verbose_name_plural = _("months of shifts")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class Period(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    OTHER = "other", _("Other times")


class Shift(models.Model):
    """A duty at a post on a day and time, for a number of volunteers."""

    month = models.ForeignKey(
        ShiftMonth,
        verbose_name=_("month"),
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    duty = models.ForeignKey(
        Duty, verbose_name=_("duty"), on_delete=models.PROTECT, related_name="shifts"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="shifts"
    )
    date = models.DateField(_("date"))
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.MORNING
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    needed = models.PositiveSmallIntegerField(_("volunteers needed"))
    # The session it supports, if any (classroom support).
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_shifts",
    )
    # Shifts made together by a weekly repeat share a series.
    series = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["date", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="volunteers_shift_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(needed__gte=1), name="volunteers_shift_needs_one"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.starts_at:%H:%M} {self.duty}"


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


ACTIVE_SIGNUPS = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)


class ClockMethod(models.TextChoices):
    SCAN = "scan", _("Scanned the post's code")
    COORDINATOR = "coordinator", _("Marked by the coordinator")
    LATE_REQUEST = "late_request", _("Late clock-in approved")


class Signup(models.Model):
    """A volunteer's place on a shift (or in its waiting list) and clock times."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SignupStatus.choices, db_index=True
    )
    queued_at = models.DateTimeField(_("in line since"), null=True, blank=True)
    clock_in = models.DateTimeField(_("clocked in"), null=True, blank=True)
    clock_out = models.DateTimeField(_("clocked out"), null=True, blank=True)
    clock_in_method = models.CharField(
        _("clock-in by"), max_length=12, choices=ClockMethod.choices, blank=True
    )
    clock_out_method = models.CharField(
        _("clock-out by"), max_length=12, choices=ClockMethod.choices, blank=True
    )
    clock_note = models.CharField(
        _("reason for a marked time"), max_length=200, blank=True
    )
    minutes = models.PositiveIntegerField(_("minutes served"), default=0)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    allowance = models.BooleanField(_("allowance earned"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift", "status", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"], name="volunteers_one_signup_per_shift"
            )
        ]
        indexes = [models.Index(fields=["volunteer", "status"])]

    def __str__(self):
        return f"{self.volunteer} {self.shift}"

    @property
    def hours(self):
        from decimal import Decimal

        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ClockRequest(models.Model):
    """A late clock-in or clock-out (補簽) the coordinator approves or refuses."""

    signup = models.ForeignKey(
        Signup,
        verbose_name=_("sign-up"),
        on_delete=models.CASCADE,
        related_name="clock_requests",
    )
    clock_in = models.DateTimeField(_("arrived at"))
    clock_out = models.DateTimeField(_("left at"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("late clock-in request")
        verbose_name_plural = _("late clock-in requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.signup} ({self.get_status_display()})"


class Appraisal(models.Model):
    """A half-year: the volunteer's self-evaluation and the coordinator's appraisal."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="appraisals",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half-year"), choices=[(1, _("January–June")), (2, _("July–December"))]
    )
    self_evaluation = models.TextField(_("self-evaluation"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("coordinator's rating"),
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in range(1, 6)],
    )
    comment = models.TextField(_("coordinator's comment"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer appraisal")
        verbose_name_plural = _("volunteer appraisals")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "year", "half"], name="volunteers_one_appraisal"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} {self.year}-{self.half}"
