from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused: nothing changed")
    FAILED = "failed", _("Feed not read")
    SKIPPED = "skipped", _("Already applied")
    DRY_RUN = "dry_run", _("Dry run")


class HrSyncRun(models.Model):
    """One reading of the HR system's feed: where from, what it held, what it
    changed (or why it changed nothing). Written by ``services.hr_sync_run``.

    ``problems`` lists refused rows by row number, masked ID and reasons; clear
    ID numbers are never kept."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=500)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(
        _("file SHA-256"), max_length=64, blank=True, db_index=True
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=RunOutcome.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("HR data sync run")
        verbose_name_plural = _("HR data sync runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"
