from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.catalog.models import DeliveryMode


class Attendance(models.TextChoices):
    PENDING = "pending", _("Not yet recorded")
    ATTENDED = "attended", _("Attended")
    PARTIAL = "partial", _("Partly attended")
    EXCUSED = "excused", _("On leave")
    ABSENT = "absent", _("Absent")


def online_part_hours(session) -> Decimal:
    """Of a session's study hours, those earned on the e-learning platform: all of
    an online course's, the online part of a blended one's, none of the others'."""
    course = session.course
    mode = session.effective_delivery_mode
    if mode == DeliveryMode.ONLINE:
        return course.study_hours
    if mode == DeliveryMode.BLENDED:
        return min(course.online_hours or Decimal("0"), course.study_hours)
    return Decimal("0")


def classroom_part_hours(session) -> Decimal:
    """Of a session's study hours, those earned in class (or by hand)."""
    return session.course.study_hours - online_part_hours(session)


class TrainingRecord(models.Model):
    """What a person earned in one session: attendance, hours, grade, completion."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="record",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    attendance = models.CharField(
        _("attendance"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.PENDING,
    )
    hours = models.DecimalField(
        _("hours earned"), max_digits=5, decimal_places=1, default=0
    )
    grade = models.DecimalField(
        pgettext_lazy("score", "grade"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    # Scores of the grade scheme's parts ({key: "85.0"}); ``grade`` is computed.
    grade_parts = models.JSONField(_("scores of the parts"), default=dict, blank=True)
    grade_adjustment = models.DecimalField(
        _("grade adjustment"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    grade_adjustment_reason = models.CharField(
        _("reason for the adjustment"), max_length=200, blank=True
    )
    grade_band = models.CharField(_("grade band"), max_length=20, blank=True)
    honours_rank = models.PositiveSmallIntegerField(
        _("place on the honours list"), null=True, blank=True
    )
    completed = models.BooleanField(_("completed"), default=False)
    # Blended and online classes: when the e-learning part was finished (None:
    # not yet).
    online_completed_at = models.DateTimeField(
        _("online part finished at"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session"], name="records_one_per_user_session"
            )
        ]
        indexes = [
            models.Index(fields=["user", "year"]),
            models.Index(fields=["agency", "year"]),
        ]

    def __str__(self):
        return f"{self.user} · {self.session_id}"

    # ``hours`` is the classroom hours earned plus the online part's once it is
    # finished (records.services keeps it so); these split it again.
    @property
    def online_hours_earned(self) -> Decimal:
        if self.online_completed_at is None:
            return Decimal("0")
        return online_part_hours(self.session)

    @property
    def classroom_hours(self) -> Decimal:
        return max(Decimal("0"), self.hours - self.online_hours_earned)


class StudyHours(models.Model):
    """A person's study hours of one year (研習時數), kept by the records service."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="study_hours",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, default=0)
    sessions_completed = models.PositiveIntegerField(_("sessions completed"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("yearly study hours")
        verbose_name_plural = _("yearly study hours")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"], name="records_hours_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "user"])]

    def __str__(self):
        return f"{self.user} {self.year}: {self.hours}"


class HonoursList(models.Model):
    """A session's honours list (the best grades); once confirmed, it is kept as
    it is even if grades change, until an organizer reopens it."""

    session = models.OneToOneField(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="honours_list",
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("honours list")
        verbose_name_plural = _("honours lists")

    def __str__(self):
        return f"{self.session_id}"
