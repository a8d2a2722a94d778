from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CSV = "csv", _("CSV file")
    MOODLE = "moodle", _("E-learning platform (web service)")


class ImportStatus(models.TextChoices):
    PLANNED = "planned", _("Dry run, not applied")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused: nothing changed")
    FAILED = "failed", _("Failed: nothing changed")


class CompletionImport(models.Model):
    """One batch of e-learning completions that came in (a CSV file or a pull
    from the platform): who, when, what it held and what it changed, so staff see
    what came in. The records themselves are written by portal.records.services.

    ``rows`` keeps the parsed completions of a dry run until it is applied;
    ``problems`` lists the rows that were not matched and why."""

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    rows = models.JSONField(_("completions"), default=list, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    recorded = models.PositiveIntegerField(_("recorded"), default=0)
    unchanged = models.PositiveIntegerField(_("already recorded"), default=0)
    skipped = models.PositiveIntegerField(_("not matched"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("e-learning completion import")
        verbose_name_plural = _("e-learning completion imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source", "-created_at"])]

    def __str__(self):
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"
