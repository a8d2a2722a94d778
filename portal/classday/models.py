"""What happens on a class day: seats, check-in and check-out, leave, meals, votes;
and how a session's class days run (its settings) and a room's seat plan."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class SeatAssignment(models.TextChoices):
    ON_SELECTION = "selection", _("When the trainee is selected")
    AT_CHECKIN = "checkin", _("At check-in")


class ClassDaySettings(models.Model):
    """How a session's class days run: when seats are given, whether lunch is
    served and until when trainees choose it. A session without settings runs
    with the defaults: seats at check-in, no meals."""

    session = models.OneToOneField(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="class_day_settings",
    )
    seat_assignment = models.CharField(
        _("seats assigned"),
        max_length=20,
        choices=SeatAssignment.choices,
        default=SeatAssignment.AT_CHECKIN,
    )
    serves_meals = models.BooleanField(_("lunch is served"), default=False)
    meal_deadline = models.DateTimeField(
        _("meal choices close"),
        null=True,
        blank=True,
        help_text=_("Trainees choose regular or vegetarian meals until then."),
    )

    lateness_grace_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Arrivals this long after the first period's start are on time. "
            "Empty: the institute's rule."
        ),
    )

    panels = [
        FieldPanel("session"),
        FieldPanel("seat_assignment"),
        FieldRowPanel([FieldPanel("serves_meals"), FieldPanel("meal_deadline")]),
        FieldPanel("lateness_grace_minutes"),
    ]

    class Meta:
        verbose_name = _("class-day settings")
        verbose_name_plural = _("class-day settings")

    def __str__(self):
        return str(self.session)

    @classmethod
    def for_session(cls, session) -> "ClassDaySettings":
        """The session's settings, or the defaults (unsaved) when it has none."""
        try:
            return session.class_day_settings
        except cls.DoesNotExist:
            # By id, not instance: assigning the instance would cache these
            # unsaved defaults on the session as if they were its row.
            return cls(session_id=session.pk)

    @property
    def grace_minutes(self) -> int:
        if self.lateness_grace_minutes is not None:
            return self.lateness_grace_minutes
        return settings.TRAINING_RULES["LATENESS_GRACE_MINUTES"]

    def meals_open(self, now=None) -> bool:
        """Whether trainees may still choose their meals."""
        now = now or timezone.now()
        return self.serves_meals and (
            not self.meal_deadline or now <= self.meal_deadline
        )

    def clean(self):
        super().clean()
        if self.serves_meals and not self.meal_deadline:
            raise ValidationError(
                {"meal_deadline": _("Say until when trainees can choose their meals.")}
            )


class SeatPlan(models.Model):
    """A room's seats: rows from the front, numbered from the front left, less
    the seats not in use. A room without a plan numbers its seats 1, 2, 3..."""

    venue = models.OneToOneField(
        "catalog.Venue",
        verbose_name=_("venue"),
        on_delete=models.CASCADE,
        related_name="seat_plan",
    )
    rows = models.PositiveSmallIntegerField(
        _("rows of seats"), validators=[MinValueValidator(1)]
    )
    seats_per_row = models.PositiveSmallIntegerField(
        _("seats per row"), validators=[MinValueValidator(1)]
    )
    seats_unavailable = models.CharField(
        _("seats not in use"),
        max_length=200,
        blank=True,
        help_text=_("Seat numbers, separated by commas, e.g. 7, 12."),
    )

    panels = [
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("rows"), FieldPanel("seats_per_row")]),
        FieldPanel("seats_unavailable"),
    ]

    class Meta:
        verbose_name = _("seat plan")
        verbose_name_plural = _("seat plans")

    def __str__(self):
        return str(self.venue)

    def unavailable(self) -> set[int]:
        return {int(n) for n in re.findall(r"\d+", self.seats_unavailable)}

    def clean(self):
        super().clean()
        if self.rows and self.seats_per_row:
            total = self.rows * self.seats_per_row
            if any(n < 1 or n > total for n in self.unavailable()):
                raise ValidationError(
                    {
                        "seats_unavailable": _(
                            "Seat numbers go from 1 to %(total)s in this plan."
                        )
                        % {"total": total}
                    }
                )

    def seat_numbers(self) -> list[int]:
        """Usable seats in row order (1 is the front left)."""
        unavailable = self.unavailable()
        return [
            n
            for n in range(1, self.rows * self.seats_per_row + 1)
            if n not in unavailable
        ]

    def seat_position(self, number: int) -> tuple[int, int]:
        """(row, seat in row) of a seat number."""
        return (number - 1) // self.seats_per_row + 1, (
            number - 1
        ) % self.seats_per_row + 1


def seat_plan_of(venue) -> SeatPlan | None:
    """The venue's seat plan, or None (also for no venue)."""
    if venue is None:
        return None
    try:
        return venue.seat_plan
    except SeatPlan.DoesNotExist:
        return None


def seat_numbers(session) -> list[int]:
    """The seats a session gives, in plan order: its room's plan, or as many
    numbers as the room (or, without a room, the session) holds."""
    plan = seat_plan_of(session.venue)
    if plan is not None:
        return plan.seat_numbers()
    if session.venue_id:
        return list(range(1, max(session.capacity, session.venue.capacity) + 1))
    return list(range(1, session.capacity + 1))


def seat_position(session, number) -> tuple[int, int] | None:
    """(row, seat in row) of a seat of the session's room; None without a plan."""
    plan = seat_plan_of(session.venue)
    return plan.seat_position(number) if plan and number else None


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
    DROPPED = "dropped", _("Dropped: the class ended before it")


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
    starts_at = models.TimeField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("When the leave begins, for leave of some hours."),
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


class EarlyEnd(models.Model):
    """A class day that ended before its timetable said (a typhoon, a lecturer
    taken ill): leave booked after the real end is dropped."""

    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="early_ends",
    )
    date = models.DateField(_("date"))
    ended_at = models.TimeField(_("ended at"))
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("early end of a class day")
        verbose_name_plural = _("early ends of class days")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date"], name="classday_one_early_end_a_day"
            )
        ]

    def __str__(self):
        return f"{self.session_id} {self.date} {self.ended_at}"


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
