from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import imports, national_id
from .models import Agency, AgencyKind, ImportBatch, Person
from .roles import TRAINEES
from .selectors import Scope, viewer_scope


def agency_create(*, name: str, code: str, parent: Agency | None = None, kind=None):
    """Add an agency under ``parent`` (or as a root)."""
    if parent is None:
        return Agency.add_root(name=name, code=code, kind=kind or AgencyKind.CITY)
    return parent.add_child(name=name, code=code, kind=kind or AgencyKind.BUREAU)


def _apply_national_id(person: Person, number: str | None) -> None:
    if number:
        number = national_id.validate(number)
        person.national_id_hash = national_id.hash_id(number)
        person.national_id_masked = national_id.mask(number)


def person_create(
    *,
    username: str,
    name: str,
    agency: Agency,
    national_id_number: str | None = None,
    national_id_sealed: tuple[str, str] | None = None,
    email: str = "",
    roles=(),
    password: str | None = None,
    **fields,
) -> Person:
    """Create a user and their profile; the ID number is stored only hashed and masked."""
    with transaction.atomic():
        user = get_user_model()(username=username, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        if roles:
            user.groups.set(Group.objects.filter(name__in=roles))
        person = Person(user=user, name=name, agency=agency, email=email, **fields)
        _apply_national_id(person, national_id_number)
        if national_id_sealed:  # already hashed and masked (imports)
            person.national_id_hash, person.national_id_masked = national_id_sealed
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise ValidationError(
                {
                    "national_id": _(
                        "A person with this national ID number already exists."
                    )
                }
            ) from exc
    return person


def person_update(*, person: Person, national_id_number: str | None = None, **fields):
    """Change a profile; unchanged values write nothing."""
    changed = []
    for name, value in fields.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if national_id_number:
        before = person.national_id_hash
        _apply_national_id(person, national_id_number)
        if person.national_id_hash != before:
            changed += ["national_id_hash", "national_id_masked"]
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return changed


def _require_importer(viewer) -> None:
    if viewer_scope(viewer).kind not in (Scope.AGENCY, Scope.ALL):
        raise PermissionDenied


def people_import(*, viewer, plan: imports.ImportPlan) -> dict:
    """Apply a dry run all-or-nothing: any refused row stops it before any write."""
    _require_importer(viewer)
    if plan.viewer_id != viewer.pk:
        raise PermissionDenied
    if plan.refused:
        raise ValidationError(
            [
                _("Row %(row)s: %(reasons)s")
                % {"row": row.number, "reasons": " ".join(row.reasons)}
                for row in plan.refused
            ],
            code="refused",
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for row in plan.rows:
            if row.action == imports.Action.CREATE:
                person_create(
                    username=imports.username_for(row),
                    national_id_sealed=(row.national_id_hash, row.national_id_masked),
                    roles=(TRAINEES,),
                    **row.fields,
                )
                counts["created"] += 1
            elif row.action == imports.Action.UPDATE and person_update(
                person=row.person, **row.fields
            ):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def import_batch_create(*, uploaded_by, filename: str, content: bytes) -> ImportBatch:
    """Keep an uploaded staff list, ID numbers sealed, with its dry-run counts."""
    _require_importer(uploaded_by)
    rows = imports.read_rows(filename=filename, content=content)
    sealed = imports.seal_rows(rows)
    plan = imports.plan_sealed(viewer=uploaded_by, rows=sealed)
    return ImportBatch.objects.create(
        uploaded_by=uploaded_by,
        filename=filename[:255],
        rows=sealed,
        summary={"dry_run": plan.counts()},
    )


def import_batch_apply(*, viewer, batch: ImportBatch) -> dict:
    """Import a kept staff list once; the kept rows are dropped afterwards."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(
            pk=batch.pk, uploaded_by=viewer
        )
        if batch.applied_at is not None:
            raise ValidationError(
                _("This file has already been imported."), code="applied"
            )
        plan = imports.plan_sealed(viewer=viewer, rows=batch.rows)
        counts = people_import(viewer=viewer, plan=plan)
        batch.applied_at = timezone.now()
        batch.rows = []
        batch.summary = {**batch.summary, "imported": counts}
        batch.save(update_fields=["applied_at", "rows", "summary"])
    return counts
