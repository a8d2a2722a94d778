"""What editors decide about recommendations: picks for an audience, and
mandatory training. The engine (a later step) reads these beside its own signals."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Audience(ClusterableModel):
    """Who a rule is for. Every filled criterion must hold; empty ones match all."""

    agencies = ParentalManyToManyField(
        "accounts.Agency",
        verbose_name=_("agencies (with their units)"),
        blank=True,
        related_name="+",
    )
    grades = models.TextField(_("grades, one per line"), blank=True)
    job_titles = models.TextField(_("job titles, one per line"), blank=True)
    categories_taken = ParentalManyToManyField(
        "catalog.CourseCategory",
        verbose_name=_("has completed a course of these categories"),
        blank=True,
        related_name="+",
    )

    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("agencies"),
                FieldRowPanel([FieldPanel("grades"), FieldPanel("job_titles")]),
                FieldPanel("categories_taken"),
            ],
            heading=_("Audience"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def grade_list(self):
        return _lines(self.grades)

    @property
    def job_title_list(self):
        return _lines(self.job_titles)


class EditorPick(Audience):
    """A course editors push to an audience for a period, with the reason shown."""

    course = models.ForeignKey(
        "catalog.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(
        _("reason shown to trainees"), max_length=60, default="本處推薦"
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=5, help_text=_("1 (gentle) to 10 (strong).")
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("reason"), FieldPanel("weight")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        *Audience.audience_panels,
    ]

    class Meta:
        verbose_name = _("editor's pick")
        verbose_name_plural = _("editor's picks")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return f"{self.course} · {self.reason}"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class MandatoryRule(Audience):
    """Training an audience must complete every year (e.g. 資訊安全, 性別主流化)."""

    name = models.CharField(_("name"), max_length=80)
    courses = ParentalManyToManyField(
        "catalog.CoursePage",
        verbose_name=_("courses that satisfy it"),
        related_name="+",
    )
    hours_per_year = models.DecimalField(
        _("hours required each year"), max_digits=4, decimal_places=1, default=3
    )
    reason = models.CharField(
        _("reason shown to trainees"), max_length=60, default="本年度必修"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("courses"),
        FieldRowPanel([FieldPanel("hours_per_year"), FieldPanel("reason")]),
        *Audience.audience_panels,
    ]

    class Meta:
        verbose_name = _("mandatory training")
        verbose_name_plural = _("mandatory training")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StoredRecommendation(models.Model):
    """A precomputed recommendation; the nightly task writes them, requests read them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    course = models.ForeignKey(
        "catalog.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["user", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rank"], name="recommendation_rank_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user_id} #{self.rank}: {self.course_id}"


class AlsoTaken(models.Model):
    """For a course, the courses its trainees most often also took (precomputed)."""

    course = models.ForeignKey(
        "catalog.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        "catalog.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    trainees = models.PositiveIntegerField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("also taken")
        ordering = ["course", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "rank"], name="also_taken_rank_per_course"
            )
        ]

    def __str__(self):
        return f"{self.course_id} → {self.other_id}"


class RecommendationStat(models.Model):
    """Per day and course: how often it was recommended, clicked and enrolled in."""

    date = models.DateField(_("date"))
    course = models.ForeignKey(
        "catalog.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    recommended = models.PositiveIntegerField(_("recommended to"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    enrolments = models.PositiveIntegerField(_("enrolments"), default=0)

    class Meta:
        verbose_name = _("recommendation statistics")
        verbose_name_plural = _("recommendation statistics")
        ordering = ["-date", "-recommended"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "course"], name="recommendation_stat_per_day"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.course_id}"
