from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import national_id
from .models import Agency, AgencyKind, Person


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
