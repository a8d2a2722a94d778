"""What happens on a class day: seats, check-in and check-out, leave, meals, votes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Seat(models.Model):
    """A trainee's seat in a session; assigned on selection or at check-in."""

    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="seats"
    )
    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="seat"
    )
    number = models.PositiveSmallIntegerField(_("seat"))

    class Meta:
        verbose_name = _("seat")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="classday_one_trainee_a_seat"
            )
        ]

    def __str__(self):
        return f"{self.session} #{self.number}"


class Method(models.TextChoices):
    QR = "qr", _("QR code")
    KIOSK = "kiosk", _("Kiosk (ID number)")
    MANUAL = "manual", _("Marked by the organizer")


class CheckIn(models.Model):
    """One trainee's arrival (and departure) on one class day."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="checkins"
    )
    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="checkins"
    )
    date = models.DateField(_("date"))
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("check-in")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "date"], name="classday_one_checkin_a_day"
            )
        ]
        indexes = [models.Index(fields=["session", "date"])]

    def __str__(self):
        return f"{self.enrolment_id} {self.date}"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", pgettext_lazy("leave", "Refused")


class LeaveRequest(models.Model):
    """A trainee's request for leave on a class day, whole or in hours."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="leave_requests"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty for the whole day."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LeaveStatus.choices,
        default=LeaveStatus.PENDING,
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("leave request")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.enrolment_id} {self.date}"


class Meal(models.TextChoices):
    REGULAR = "regular", _("Regular (葷食)")
    VEGETARIAN = "vegetarian", _("Vegetarian (素食)")
    NONE = "none", _("No meal")


class MealChoice(models.Model):
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="meal_choices"
    )
    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="meal_choices"
    )
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=12, choices=Meal.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meal choice")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "date"], name="classday_one_meal_a_day"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} {self.date} {self.meal}"


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Results published")


class Vote(models.Model):
    """A live vote of a session's trainees, e.g. the best team presentation."""

    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="votes"
    )
    question = models.CharField(_("question"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        ordering = ["-created_at"]

    def __str__(self):
        return self.question


class VoteOption(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """One trainee's vote; the constraint makes it one, however requests race."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    option = models.ForeignKey(
        VoteOption, on_delete=models.CASCADE, related_name="ballots"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "user"], name="classday_one_ballot_a_trainee"
            )
        ]

    def __str__(self):
        return f"{self.vote_id}: {self.option_id}"
