"""Seat exchange (異動媒合): a selected trainee offers their seat to colleagues."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfferState(models.TextChoices):
    OPEN = "open", pgettext_lazy("seat offer", "Open")
    TAKEN = "taken", pgettext_lazy("seat offer", "Taken over")
    WITHDRAWN = "withdrawn", pgettext_lazy("seat offer", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("seat offer", "Expired")
    RELEASED = "released", pgettext_lazy("seat offer", "Given to the waiting list")


class SeatOffer(models.Model):
    """A selected trainee's seat offered to colleagues until a deadline; taking it
    over moves the seat (and its agency quota) to the colleague."""

    enrolment = models.ForeignKey(
        "enrolment.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="seat_offers",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    deadline = models.DateTimeField(_("open until"))
    state = models.CharField(
        _("state"), max_length=20, choices=OfferState.choices, default=OfferState.OPEN
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken over by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_enrolment = models.ForeignKey(
        "enrolment.Enrolment",
        verbose_name=_("the taker's enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(state="open"),
                name="exchanges_one_open_offer_per_enrolment",
            )
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return f"{self.enrolment_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == OfferState.OPEN
