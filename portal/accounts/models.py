from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class AgencyKind(models.TextChoices):
    CITY = "city", _("City government")
    BUREAU = "bureau", _("Bureau")
    UNIT = "unit", _("Unit")


class Agency(MP_Node):
    """An agency of the tree 城市 → 局處 → 單位; HR officers see their subtree."""

    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("agency code"), max_length=20, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AgencyKind.choices, default=AgencyKind.BUREAU
    )

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def bureau_path(self) -> str:
        """The tree path of the bureau (局處) this agency is or belongs to (the
        city's own path for the city)."""
        return self.path[: min(2, self.depth) * self.steplen]


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("In service")
    RESIGNED = "resigned", _("Resigned")
    RETIRED = "retired", _("Retired")


class Person(models.Model):
    """The profile of a user: who they are and where they work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=80)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    employee_number = models.CharField(_("employee number"), max_length=30, blank=True)
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # From the HR system's feed (portal.hr_sync); empty for people entered here.
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    supervisor_level = models.CharField(
        _("supervisor level"), max_length=40, blank=True
    )
    employment_status = models.CharField(
        _("employment status"),
        max_length=10,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
    )
    left_on = models.DateField(_("left service on"), null=True, blank=True)
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
    # Encrypted (id_vault): only an authorized export decrypts it, and logs it.
    national_id_sealed = models.TextField(
        _("national ID (encrypted)"), blank=True, editable=False
    )
    # Set by a staff list import whose ID number another agency's record holds:
    # this record is kept apart (the importer is not told) until staff resolve it.
    national_id_claim = models.CharField(
        _("national ID awaiting review (keyed hash)"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
    )
    hr_agency = models.ForeignKey(
        Agency,
        verbose_name=_("HR officer of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hr_officers",
        help_text=_("For HR officers: the agency whose people they manage."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["agency__code", "name"]
        indexes = [models.Index(fields=["agency", "name"])]

    def __str__(self):
        return self.name


class MembershipSource(models.TextChoices):
    HR_SYNC = "hr_sync", _("HR data sync")
    MANUAL = "manual", _("Entered by hand")


class AgencyMembership(models.Model):
    """Where a person worked, and from when to when: the history that transfers
    between agencies leave (the person's current agency is ``Person.agency``)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=MembershipSource.choices,
        default=MembershipSource.HR_SYNC,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        ordering = ["person", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="accounts_one_open_membership",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.agency} {self.started_on}–{self.ended_on or ''}"


class ImportBatch(models.Model):
    """An uploaded staff list, kept between its dry run and its import.

    Rows are kept parsed, with each ID number replaced by its keyed hash and mask
    (the file itself is never stored); they are dropped once imported.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff list import")
        verbose_name_plural = _("staff list imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename


class ImportAuditKind(models.TextChoices):
    DRY_RUN = "dry_run", _("Dry run")
    IMPORT = "import", _("Import")


class ImportAuditOutcome(models.TextChoices):
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    THROTTLED = "throttled", _("Too many imports")


class ImportAudit(models.Model):
    """One staff list upload (dry run) or import: who, when, which file, counts.

    Written by the import services only and kept after the batch is gone; staff
    read it in the admin. ``counts`` includes rows kept apart for review ("held"),
    which the importer is never shown.
    """

    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ImportAuditKind.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ImportAuditOutcome.choices
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("staff list import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff list import log entry")
        verbose_name_plural = _("staff list import log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.filename}"


class IdentityDisclosure(models.Model):
    """One decryption of national ID numbers for an authorized export: who, when,
    why and how many. Written by ``services.national_ids_disclose`` only."""

    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150)
    purpose = models.CharField(_("purpose"), max_length=200)
    count = models.PositiveIntegerField(_("numbers disclosed"))

    class Meta:
        verbose_name = _("national ID disclosure")
        verbose_name_plural = _("national ID disclosures")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.username} {self.created_at:%Y-%m-%d %H:%M} ({self.count})"
