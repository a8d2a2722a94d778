import datetime
import operator

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.core.models import BasePage
from search.analysis import analyse


class DeliveryMode(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    LIVESTREAM = "livestream", _("Livestream")
    HYBRID = "hybrid", _("Classroom + livestream")
    ONLINE = "online", _("Online (e-learning)")
    BLENDED = "blended", _("Blended learning")


class CourseCategory(index.Indexed, models.Model):
    """A subject area of the catalog (e.g. 資訊科技, 語文學習)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    lifelong_code = models.CharField(
        _("lifelong-learning category code"),
        max_length=10,
        blank=True,
        help_text=_(
            "The national lifelong-learning portal's course category code (課程類別代碼), "
            "used in study-hour uploads."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("lifelong_code"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("course category")
        verbose_name_plural = _("course categories")

    def __str__(self):
        return self.name


class Competency(models.Model):
    """A competency a course develops (職能), e.g. 溝通協調, 數位能力."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.name


class Venue(models.Model):
    """A classroom or hall where sessions take place."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    building = models.CharField(_("building"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1)]
    )
    accessible = models.BooleanField(_("step-free access"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("building"),
        FieldPanel("address"),
        FieldPanel("capacity"),
        FieldPanel("accessible"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Lecturer(index.Indexed, models.Model):
    """A teacher who lectures in courses (講座)."""

    name = models.CharField(_("name"), max_length=80)
    title = models.CharField(_("title and affiliation"), max_length=160, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("biography"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("title"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")

    def __str__(self):
        return self.name


class CourseGroup(models.Model):
    """Courses counted together: a trainee takes at most ``max_classes`` of them
    (a year, or ever), e.g. the language courses (語文類)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    max_classes = models.PositiveSmallIntegerField(
        _("at most, classes per trainee"), validators=[MinValueValidator(1)]
    )
    per_year = models.BooleanField(
        _("counted per calendar year"),
        default=True,
        help_text=_("Off: counted over all years."),
    )

    panels = [FieldPanel("name"), FieldPanel("max_classes"), FieldPanel("per_year")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("course group")
        verbose_name_plural = _("course groups")

    def __str__(self):
        return self.name


class ReminderRecipients(models.TextChoices):
    TRAINEE = "trainee", _("The trainee")
    HR = "hr", _("The agency's HR office")
    BOTH = "both", _("The trainee and the HR office")
    NOBODY = "nobody", _("Nobody")


class GradePartSource(models.TextChoices):
    ENTERED = "entered", _("Entered by the organizer")
    ATTENDANCE = "attendance", _("From the hours attended")


class GradeScheme(ClusterableModel):
    """How a course's grade is made: weighted parts, grade bands, honours list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    honours_size = models.PositiveSmallIntegerField(
        _("places on the honours list"),
        default=3,
        help_text=_("Trainees tied at the last place are all listed. 0: no list."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("honours_size"),
        InlinePanel("parts", heading=_("Parts"), label=_("part"), min_num=1),
        InlinePanel("bands", heading=_("Grade bands"), label=_("band"), min_num=1),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("grade scheme")
        verbose_name_plural = _("grade schemes")

    def __str__(self):
        return self.name


class GradePart(Orderable):
    """One weighted part of a grade (attendance, assignments, test ...), scored 0-100."""

    scheme = ParentalKey(GradeScheme, on_delete=models.CASCADE, related_name="parts")
    key = models.SlugField(
        _("key"),
        max_length=30,
        help_text=_("A short name for sheets and the API, e.g. test."),
    )
    name = models.CharField(_("name"), max_length=40)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=GradePartSource.choices,
        default=GradePartSource.ENTERED,
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("grade part")
        verbose_name_plural = _("grade parts")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "key"], name="catalog_grade_part_key_unique"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.weight}%"


class GradeBand(Orderable):
    """A grade band (特優, 優, 甲 ...): grades at or above ``minimum``."""

    scheme = ParentalKey(GradeScheme, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("label"), max_length=20)
    minimum = models.DecimalField(_("from grade"), max_digits=5, decimal_places=1)

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("minimum")])]

    class Meta(Orderable.Meta):
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")

    def __str__(self):
        return f"{self.label} ≥ {self.minimum}"


class CatalogIndexPage(BasePage):
    """The course catalog: lists course pages with filters and pagination."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalog.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalog")

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.catalog_page_context(page=self, request=request))
        return context


class CoursePage(BasePage):
    """A course of the catalog, as editors publish it; its sessions hang off it."""

    summary = models.TextField(_("summary"), help_text=_("Shown in listings."))
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("objective")))],
        verbose_name=_("objectives"),
        blank=True,
    )
    outline = StreamField(
        [
            (
                "unit",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("title"))),
                        (
                            "hours",
                            blocks.DecimalBlock(
                                label=_("hours"), min_value=0, decimal_places=1
                            ),
                        ),
                        (
                            "description",
                            blocks.TextBlock(label=_("description"), required=False),
                        ),
                    ],
                    label=_("unit"),
                    icon="list-ul",
                ),
            ),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
        ],
        verbose_name=_("outline"),
        blank=True,
    )
    audience = models.TextField(_("audience"), blank=True)
    category = models.ForeignKey(
        CourseCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    competencies = ParentalManyToManyField(
        Competency, verbose_name=_("competencies"), blank=True
    )
    study_hours = models.DecimalField(
        _("study hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=20,
        choices=DeliveryMode.choices,
        default=DeliveryMode.CLASSROOM,
    )
    elearning_url = models.URLField(
        _("e-learning course link"),
        blank=True,
        help_text=_("Required for blended and online courses."),
    )
    elearning_course_id = models.CharField(
        _("e-learning course ID"),
        max_length=40,
        blank=True,
        help_text=_(
            "The course's ID on the e-learning platform, to match the completions "
            "it reports."
        ),
    )
    online_hours = models.DecimalField(
        _("online hours"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Of the study hours, those of the online part (blended courses); online "
            "courses count all their hours as online."
        ),
    )
    lecturers = ParentalManyToManyField(
        Lecturer, verbose_name=_("lecturers"), blank=True
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Training rules (portal/enrolment and portal/classday enforce them).
    repeat_years = models.PositiveSmallIntegerField(
        _("no repeat within (years)"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: may be taken again. 0: never again once completed. N: not "
            "within N years of the end of a completed class."
        ),
    )
    course_group = models.ForeignKey(
        CourseGroup,
        verbose_name=_("course group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    required_courses = ParentalManyToManyField(
        "self",
        verbose_name=_("completed first"),
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Only for trainees who completed each of these courses."),
    )
    excluded_courses = ParentalManyToManyField(
        "self",
        verbose_name=_("not after"),
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Not for trainees who completed any of these courses."),
    )
    leave_limit_hours = models.DecimalField(
        _("leave allowed (hours)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Trainees whose leave exceeds this are withdrawn. Empty: the "
            "institute's share of the class hours, rounded up."
        ),
    )
    blended_reminders_to = models.CharField(
        _("online part reminders to"),
        max_length=10,
        choices=ReminderRecipients.choices,
        default=ReminderRecipients.BOTH,
        help_text=_(
            "Blended courses: who is reminded to sign up for and to finish the "
            "online part."
        ),
    )
    grade_scheme = models.ForeignKey(
        GradeScheme,
        verbose_name=_("grade scheme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text=_("Empty: one grade is typed on the roster."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("competencies"),
                FieldRowPanel([FieldPanel("study_hours"), FieldPanel("delivery_mode")]),
                FieldPanel("elearning_url"),
                FieldRowPanel(
                    [FieldPanel("elearning_course_id"), FieldPanel("online_hours")]
                ),
                FieldPanel("audience"),
            ],
            heading=_("Course facts"),
        ),
        FieldPanel("objectives"),
        FieldPanel("outline"),
        FieldPanel("lecturers"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("repeat_years"), FieldPanel("course_group")]),
                FieldPanel("required_courses"),
                FieldPanel("excluded_courses"),
                FieldRowPanel(
                    [FieldPanel("leave_limit_hours"), FieldPanel("grade_scheme")]
                ),
                FieldPanel("blended_reminders_to"),
            ],
            heading=_("Training rules"),
            classname="collapsed",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("title_en"),
        # The Chinese-aware copy (search.analysis) that the catalog search matches.
        index.SearchField("search_text"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
        index.FilterField("delivery_mode"),
    ]
    api_fields = [
        APIField("title_en"),
        APIField("summary"),
        APIField("category"),
        APIField("study_hours"),
        APIField("delivery_mode"),
        APIField("elearning_url"),
        APIField("audience"),
        APIField("objectives"),
        APIField("outline"),
    ]

    parent_page_types = ["catalog.CatalogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def search_source(self):
        """(title, summary, body) as plain text, for every search backend."""
        category = self.category.name if self.category_id else ""
        body = [self.audience]
        body += [str(block.value) for block in self.objectives]
        for block in self.outline:
            value = block.value
            body.append(
                f"{value['title']} {value.get('description') or ''}"
                if block.block_type == "unit"
                else value.source
            )
        body += [lecturer.name for lecturer in self.lecturers.all()]
        body += [competency.name for competency in self.competencies.all()]
        return (
            f"{self.title} {self.title_en}",
            f"{self.summary} {category}",
            " ".join(body),
        )

    def search_text(self):
        """Analysed text for the database backends, which rank only a page's
        ``title`` column above its body: title words are repeated three times and
        summary words twice, so that title beats summary beats body."""
        title, summary, body = (analyse(part) for part in self.search_source())
        return " ".join([title, title, title, summary, summary, body])

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.delivery_mode in (DeliveryMode.BLENDED, DeliveryMode.ONLINE)
            and not self.elearning_url
        ):
            errors["elearning_url"] = _(
                "Blended and online courses need an e-learning link."
            )
        if (
            self.online_hours is not None
            and self.study_hours is not None
            and self.online_hours > self.study_hours
        ):
            errors["online_hours"] = _(
                "The online hours cannot be more than the study hours."
            )
        required = {course.pk for course in self.required_courses.all()}
        excluded = {course.pk for course in self.excluded_courses.all()}
        if self.pk and self.pk in required:
            errors["required_courses"] = _("A course cannot require itself.")
        if required & excluded:
            errors["excluded_courses"] = _(
                "A course cannot be both required and excluded."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.course_page_context(page=self, request=request))
        return context


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for registration")
    FULL = "full", _("Full")
    CLOSED = "closed", _("Registration closed")
    CANCELLED = "cancelled", _("Cancelled")


class SelectionMode(models.TextChoices):
    MANUAL = "manual", _("Selected by the organizer")
    FIRST_COME = "first_come", _("First come, first served")


def registration_open_rule(at) -> dict:
    """The one definition of "open for registration" at ``at``, as lookups.

    ``SessionQuerySet.open_for_registration`` filters on them and
    ``Session.is_open_for_registration`` checks them on an instance.
    """
    return {
        "status": SessionStatus.OPEN,
        "registration_opens__lte": at,
        "registration_closes__gte": at,
    }


_COMPARISONS = {"exact": operator.eq, "lte": operator.le, "gte": operator.ge}


def _satisfies(obj, lookups) -> bool:
    # In order, so that the status is checked before the dates (which an unsaved
    # session may lack).
    for lookup, value in lookups.items():
        field, _sep, comparison = lookup.partition("__")
        if not _COMPARISONS[comparison or "exact"](getattr(obj, field), value):
            return False
    return True


class SessionQuerySet(models.QuerySet):
    """The catalog's rules about sessions, for every query that needs them."""

    def open_for_registration(self, at=None):
        """Sessions whose registration is open at ``at`` (default: now)."""
        return self.filter(**registration_open_rule(at or timezone.now()))

    def not_cancelled(self):
        """Sessions that still take place (any status but cancelled)."""
        return self.exclude(status=SessionStatus.CANCELLED)

    def upcoming(self, today=None):
        """Sessions not cancelled and not over (running ones included), soonest first."""
        today = today or timezone.localdate()
        return (
            self.not_cancelled()
            .filter(end_date__gte=today)
            .order_by("start_date", "term")
        )

    def past(self, today=None):
        """Sessions not cancelled and over, latest first."""
        today = today or timezone.localdate()
        return (
            self.not_cancelled()
            .filter(end_date__lt=today)
            .order_by("-start_date", "-term")
        )

    def venue_conflicts(self, session):
        """Other sessions, not cancelled, holding ``session``'s venue on
        overlapping dates."""
        return (
            self.filter(
                venue_id=session.venue_id,
                start_date__lte=session.end_date,
                end_date__gte=session.start_date,
            )
            .not_cancelled()
            .exclude(pk=session.pk)
            .order_by("start_date")
        )


class Session(index.Indexed, ClusterableModel):
    """One run of a course (班期): dates, venue, capacity and timetable."""

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    code = models.CharField(
        _("session code"), max_length=20, help_text=_("For example B00492.")
    )
    term = models.PositiveSmallIntegerField(
        _("term"), default=1, validators=[MinValueValidator(1)]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1)]
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=20,
        choices=DeliveryMode.choices,
        blank=True,
        help_text=_("Leave empty to use the course's delivery mode."),
    )
    livestream_url = models.URLField(_("livestream link"), blank=True)
    selection_mode = models.CharField(
        _("selection"),
        max_length=20,
        choices=SelectionMode.choices,
        default=SelectionMode.FIRST_COME,
        help_text=_(
            "First come: registrations take free seats at once, the rest wait in line. "
            "Manual: the organizer selects among the applications."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.PLANNED,
    )
    # What agencies' HR offices may change after nominating (portal.enrolment).
    hr_changes_close_at = models.DateTimeField(
        _("HR changes until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the trainee checks in."),
    )
    hr_may_substitute = models.BooleanField(_("HR may send a substitute"), default=True)
    hr_may_transfer = models.BooleanField(
        _("HR may move a nominee to another term"), default=True
    )
    hr_may_withdraw = models.BooleanField(_("HR may withdraw a nominee"), default=True)
    hr_change_quota = models.PositiveSmallIntegerField(
        _("changes per agency"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("term")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("capacity")]),
        FieldRowPanel(
            [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
        ),
        FieldRowPanel([FieldPanel("delivery_mode"), FieldPanel("status")]),
        FieldPanel("livestream_url"),
        FieldPanel("selection_mode"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("hr_changes_close_at"), FieldPanel("hr_change_quota")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("hr_may_substitute"),
                        FieldPanel("hr_may_transfer"),
                        FieldPanel("hr_may_withdraw"),
                    ]
                ),
            ],
            heading=_("Changes by HR offices"),
            classname="collapsed",
        ),
        InlinePanel("timetable", heading=_("Timetable"), label=_("period")),
        InlinePanel(
            "agency_quotas", heading=_("Agency quotas"), label=_("quota"), min_num=0
        ),
    ]
    search_fields = [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.RelatedFields("course", [index.SearchField("title")]),
        index.FilterField("status"),
        index.FilterField("start_date"),
    ]

    class Meta:
        ordering = ["start_date", "code", "term"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "term"], name="catalog_session_code_term_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="catalog_session_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    registration_closes__gt=models.F("registration_opens")
                ),
                name="catalog_session_registration_window",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "start_date"]),
            models.Index(fields=["venue", "start_date"]),
            models.Index(fields=["status", "registration_closes"]),
        ]

    def __str__(self):
        return f"{self.code} {self.course.title if self.course_id else ''} " + str(
            _("term %(term)s") % {"term": self.term}
        )

    @property
    def effective_delivery_mode(self):
        return self.delivery_mode or self.course.delivery_mode

    def get_effective_delivery_mode_display(self):
        return DeliveryMode(self.effective_delivery_mode).label

    def open_for_registration_at(self, at) -> bool:
        """Whether registration is open at ``at`` (the queryset's rule)."""
        return _satisfies(self, registration_open_rule(at))

    @cached_property
    def is_open_for_registration(self):
        return self.open_for_registration_at(timezone.now())

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.venue_id and self.capacity and self.capacity > self.venue.capacity:
            errors["capacity"] = ValidationError(
                _(
                    "The capacity (%(capacity)s) exceeds the venue's "
                    "%(venue_capacity)s seats."
                ),
                code="over_venue_capacity",
                params={
                    "capacity": self.capacity,
                    "venue_capacity": self.venue.capacity,
                },
            )
        if errors:
            raise ValidationError(errors)
        if self.venue_id and self.status != SessionStatus.CANCELLED:
            clash = Session.objects.venue_conflicts(self).first()
            if clash:
                raise ValidationError(
                    {
                        "venue": ValidationError(
                            _(
                                "%(venue)s is already booked from %(start)s to "
                                "%(end)s by session %(code)s."
                            ),
                            code="venue_booked",
                            params={
                                "venue": self.venue,
                                "start": clash.start_date,
                                "end": clash.end_date,
                                "code": clash.code,
                            },
                        )
                    }
                )

    def class_days(self) -> list:
        """The days of class: the timetable's dates, or the weekdays in between
        (asked several times a request, so kept on the instance)."""
        cached = self.__dict__.get("_class_days")
        if cached is not None:
            return cached
        self.__dict__["_class_days"] = days = self._class_days()
        return days

    def _class_days(self) -> list:
        days = sorted({entry.date for entry in self.timetable.all()})
        if days:
            return days
        day, days = self.start_date, []
        while day <= self.end_date:
            if day.weekday() < 5:
                days.append(day)
            day += datetime.timedelta(days=1)
        return days or [self.start_date]


class TimetableEntry(Orderable):
    """One period of a session's timetable (課表)."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="timetable")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    topic = models.CharField(_("topic"), max_length=200)
    lecturer = models.ForeignKey(
        Lecturer,
        verbose_name=_("lecturer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timetable_entries",
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]
        ),
        FieldPanel("topic"),
        FieldPanel("lecturer"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["date", "start_time"]
        verbose_name = _("timetable period")
        verbose_name_plural = _("timetable")

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A period must end after it starts.")})


class CatalogState(models.Model):
    """One row whose version moves whenever anything the catalog shows changes.

    Conditional GET and the API's response cache read it with one primary-key
    query instead of scanning pages and sessions for their latest change.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("catalog state")

    def __str__(self):
        return f"v{self.version}"
