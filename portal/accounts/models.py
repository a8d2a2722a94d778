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
