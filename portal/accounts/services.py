import datetime
import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, id_vault, imports, login_guard, national_id, selectors
from .access import can_see_agency_pages, hr_agency_of
from .models import (
    Agency,
    AgencyKind,
    AgencyMembership,
    EmploymentStatus,
    IdentityDisclosure,
    ImportAudit,
    ImportAuditKind,
    ImportAuditOutcome,
    ImportBatch,
    Person,
)
from .roles import TRAINEES


def agency_create(*, name: str, code: str, parent: Agency | None = None, kind=None):
    """Add an agency under ``parent`` (or as a root)."""
    if parent is None:
        return Agency.add_root(name=name, code=code, kind=kind or AgencyKind.CITY)
    return parent.add_child(name=name, code=code, kind=kind or AgencyKind.BUREAU)


def _apply_national_id(person: Person, number: str | None) -> None:
    if number:
        (
            person.national_id_hash,
            person.national_id_masked,
            person.national_id_sealed,
        ) = id_vault.stored_forms(national_id.validate(number))


def person_create(
    *,
    username: str,
    name: str,
    agency: Agency,
    national_id_number: str | None = None,
    national_id_prepared: tuple[str, str, str] | None = None,
    email: str = "",
    roles=(),
    password: str | None = None,
    **fields,
) -> Person:
    """Create a user and their profile; the ID number is stored hashed (lookups),
    masked (display) and encrypted (authorized exports), never in clear."""
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
        if national_id_prepared:  # already hashed, masked and encrypted (imports)
            (
                person.national_id_hash,
                person.national_id_masked,
                person.national_id_sealed,
            ) = national_id_prepared
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
            changed += ["national_id_hash", "national_id_masked", "national_id_sealed"]
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return changed


def _require_importer(viewer) -> None:
    if not can_see_agency_pages(viewer):
        raise PermissionDenied


def people_import(*, viewer, plan: imports.ImportPlan) -> dict:
    """Apply a dry run all-or-nothing: any refused row stops it before any write."""
    counts, _held = _people_import(viewer=viewer, plan=plan)
    return counts


def _people_import(*, viewer, plan: imports.ImportPlan) -> tuple[dict, int]:
    """The import and, for the audit log only, how many rows were held apart."""
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
    held = 0
    with transaction.atomic():
        for row in plan.rows:
            if row.action == imports.Action.CREATE:
                held += _imported_person_create(row)
                counts["created"] += 1
            elif row.action == imports.Action.UPDATE and person_update(
                person=row.person, **row.fields
            ):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts, held


def _imported_person_create(row: imports.RowResult) -> bool:
    """Create the person of an import row; True if created apart (held).

    A number another agency's record holds (found by the dry run, or taken
    meanwhile) gives a record of its own with the number only as a claim: the
    importer sees a person created either way, and staff resolve the claim.
    """
    common = {"username": imports.new_username(), "roles": (TRAINEES,), **row.fields}
    if not row.held:
        try:
            person_create(
                national_id_prepared=(
                    row.national_id_hash,
                    row.national_id_masked,
                    row.national_id_sealed,
                ),
                **common,
            )
            return False
        except ValidationError as error:
            if "national_id" not in getattr(error, "error_dict", {}):
                raise
    person_create(
        national_id_masked=row.national_id_masked,
        national_id_claim=row.national_id_hash,
        national_id_sealed=row.national_id_sealed,
        **common,
    )
    return True


def _import_turn_take(user) -> None:
    """At most ``STAFF_IMPORTS_PER_HOUR`` uploads and imports per user and hour,
    counted in the cache every worker shares."""
    limit = settings.STAFF_IMPORTS_PER_HOUR
    cache = caches[login_guard.policy()["CACHE"]]
    key = f"imports:{user.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3700)
        count = 1
    if count > limit:
        raise ValidationError(
            _(
                "You have sent %(limit)s staff lists in the last hour, the most "
                "allowed; try again later."
            )
            % {"limit": limit},
            code="throttled",
        )


def _import_audit(*, user, kind, outcome, **fields) -> ImportAudit:
    agency = hr_agency_of(user) or Agency.objects.filter(people__user=user).first()
    return ImportAudit.objects.create(
        user=user,
        username=user.get_username(),
        agency=agency,
        kind=kind,
        outcome=outcome,
        **fields,
    )


def import_batch_create(*, uploaded_by, filename: str, content: bytes) -> ImportBatch:
    """Keep an uploaded staff list, ID numbers sealed, with its dry-run counts.

    Throttled per user and hour; every upload, refused or not, is logged."""
    _require_importer(uploaded_by)
    filename = filename[:255]
    audit = {
        "user": uploaded_by,
        "kind": ImportAuditKind.DRY_RUN,
        "filename": filename,
        "file_sha256": hashlib.sha256(content).hexdigest(),
    }
    try:
        _import_turn_take(uploaded_by)
    except ValidationError:
        _import_audit(outcome=ImportAuditOutcome.THROTTLED, **audit)
        raise
    try:
        rows = imports.read_rows(filename=filename, content=content)
    except ValidationError:
        _import_audit(outcome=ImportAuditOutcome.REFUSED, **audit)
        raise
    sealed = imports.seal_rows(rows)
    plan = imports.plan_sealed(viewer=uploaded_by, rows=sealed)
    batch = ImportBatch.objects.create(
        uploaded_by=uploaded_by,
        filename=filename,
        file_sha256=audit["file_sha256"],
        rows=sealed,
        summary={"dry_run": plan.counts()},
    )
    _import_audit(
        outcome=ImportAuditOutcome.DONE,
        batch=batch,
        rows=len(rows),
        counts=plan.audit_counts(),
        **audit,
    )
    return batch


def import_batch_apply(*, viewer, batch: ImportBatch) -> dict:
    """Import a kept staff list once; the kept rows are dropped afterwards.

    Throttled and logged like uploads."""
    audit = {
        "user": viewer,
        "kind": ImportAuditKind.IMPORT,
        "batch": batch,
        "filename": batch.filename,
        "file_sha256": batch.file_sha256,
        "rows": len(batch.rows),
    }
    try:
        _import_turn_take(viewer)
    except ValidationError:
        _import_audit(outcome=ImportAuditOutcome.THROTTLED, **audit)
        raise
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(
                pk=batch.pk, uploaded_by=viewer
            )
            if batch.applied_at is not None:
                raise ValidationError(
                    _("This file has already been imported."), code="applied"
                )
            plan = imports.plan_sealed(viewer=viewer, rows=batch.rows)
            counts, held = _people_import(viewer=viewer, plan=plan)
            batch.applied_at = timezone.now()
            batch.rows = []
            batch.summary = {**batch.summary, "imported": counts}
            batch.save(update_fields=["applied_at", "rows", "summary"])
    except ValidationError:
        _import_audit(outcome=ImportAuditOutcome.REFUSED, **audit)
        raise
    _import_audit(
        outcome=ImportAuditOutcome.DONE, counts={**counts, "held": held}, **audit
    )
    return counts


def national_ids_disclose(*, viewer, people, purpose: str) -> dict[int, str]:
    """The clear national ID numbers of ``people`` (by person pk) for an
    authorized export such as a study-hours upload, logged with who, when, why and
    how many. Institute staff may disclose anyone's, an HR officer those of their
    agency; anyone else, or anyone outside the viewer's scope, is refused."""
    if not (access.is_institute_staff(viewer) or access.is_hr_officer(viewer)):
        raise PermissionDenied
    wanted = {person.pk for person in people}
    rows = list(
        selectors.person_list(viewer=viewer)
        .filter(pk__in=wanted)
        .values_list("pk", "national_id_sealed")
    )
    if len(rows) != len(wanted):
        raise PermissionDenied
    return sealed_ids_disclose(viewer=viewer, sealed=dict(rows), purpose=purpose)


def sealed_ids_disclose(*, viewer, sealed: dict, purpose: str) -> dict:
    """Decrypt sealed national ID numbers (by any key) that the caller has
    already checked ``viewer`` may see, and log who, when, why and how many.
    Only institute staff and HR officers ever disclose."""
    if not (access.is_institute_staff(viewer) or access.is_hr_officer(viewer)):
        raise PermissionDenied
    numbers = {key: id_vault.unseal(value) for key, value in sealed.items() if value}
    IdentityDisclosure.objects.create(
        user=viewer,
        username=viewer.get_username(),
        purpose=purpose,
        count=len(numbers),
    )
    return numbers


def national_ids_rekey(*, batch_size: int = 500) -> dict[str, int]:
    """Wrap every stored number's data key under the current key; returns how
    many were moved off each older key. Safe to interrupt and run again."""
    current = id_vault.current_key_id()
    moved: dict[str, int] = {}
    stale = (
        Person.objects.exclude(national_id_sealed="")
        .exclude(national_id_sealed__startswith=f"{id_vault.VERSION}:{current}:")
        .order_by("pk")
    )
    while True:
        with transaction.atomic():
            batch = list(stale.select_for_update()[:batch_size])
            if not batch:
                return moved
            for person in batch:
                old = id_vault.key_id_of(person.national_id_sealed)
                person.national_id_sealed = id_vault.rekey(person.national_id_sealed)
                moved[old] = moved.get(old, 0) + 1
            Person.objects.bulk_update(batch, ["national_id_sealed"])


# Where people work (the HR system's feed, portal.hr_sync) ---------------------


def _membership_close(person: Person, *, on) -> None:
    """End the person's open membership the day before ``on``; people created
    before memberships were kept get theirs from their creation day."""
    last_day = on - datetime.timedelta(days=1)
    current = AgencyMembership.objects.filter(
        person=person, ended_on__isnull=True
    ).first()
    if current is None:
        AgencyMembership.objects.create(
            person=person,
            agency_id=person.agency_id,
            started_on=min(timezone.localdate(person.created_at), last_day),
            ended_on=last_day,
        )
        return
    current.ended_on = max(current.started_on, last_day)
    current.save(update_fields=["ended_on"])


def person_transfer(*, person: Person, agency: Agency, on) -> None:
    """Move a person to ``agency`` from the day ``on``: the history is kept, and
    an HR officer who leaves the agency they manage no longer manages it."""
    with transaction.atomic():
        _membership_close(person, on=on)
        AgencyMembership.objects.create(person=person, agency=agency, started_on=on)
        changed = ["agency"]
        person.agency = agency
        if person.hr_agency_id and not agency.path.startswith(person.hr_agency.path):
            person.hr_agency = None
            changed.append("hr_agency")
        person.save(update_fields=[*changed, "updated_at"])


def person_leave(*, person: Person, status: str, on) -> None:
    """A person resigns or retires: the account closes, the records stay."""
    with transaction.atomic():
        _membership_close(person, on=on)
        person.employment_status = status
        person.left_on = on
        person.hr_agency = None
        person.save(
            update_fields=["employment_status", "left_on", "hr_agency", "updated_at"]
        )
        user = person.user
        user.is_active = False
        user.save(update_fields=["is_active"])


def person_rejoin(*, person: Person, agency: Agency, on) -> None:
    """A person who had left is back in service (in ``agency``) from ``on``."""
    with transaction.atomic():
        AgencyMembership.objects.create(person=person, agency=agency, started_on=on)
        person.agency = agency
        person.employment_status = EmploymentStatus.ACTIVE
        person.left_on = None
        person.save(
            update_fields=["agency", "employment_status", "left_on", "updated_at"]
        )
        user = person.user
        user.is_active = True
        user.save(update_fields=["is_active"])


def person_membership_start(*, person: Person, on) -> AgencyMembership:
    """The first membership of a person the feed creates."""
    return AgencyMembership.objects.create(
        person=person, agency_id=person.agency_id, started_on=on
    )
