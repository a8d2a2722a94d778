"""What a viewer may see of people: every face asks here (admin, site, exports, API)."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404

from . import national_id
from .access import Scope, scope_filter, viewer_scope
from .models import Agency, AgencyMembership, Person

__all__ = [
    "Scope",
    "agency_list",
    "hr_officer_emails",
    "national_id_taken",
    "person_find_by_national_id",
    "person_get",
    "person_list",
    "person_memberships",
    "person_search",
    "person_of",
    "scope_filter",
    "viewer_scope",
]


def agency_list(*, viewer):
    """Agencies the viewer may act on: all for staff, their subtree for HR officers."""
    scope = viewer_scope(viewer)
    qs = Agency.objects.order_by("path")
    if scope.kind == Scope.ALL:
        return qs
    if scope.kind == Scope.AGENCY:
        return qs.filter(path__startswith=scope.agency_path)
    return qs.none()


def person_list(*, viewer):
    return scope_filter(
        Person.objects.select_related("agency", "user"), viewer, agency_field="agency"
    )


PERSON_SEARCH_LIMIT = 20


def person_search(*, viewer, q: str = "", exclude_user=None):
    """People of the viewer's scope whose name, employee number or unit matches
    ``q`` (a whole national ID number matches its holder through the keyed hash);
    nobody for an empty ``q``. Ordered by name; callers slice."""
    q = " ".join((q or "").split())[:40]
    qs = person_list(viewer=viewer)
    if exclude_user is not None:
        qs = qs.exclude(user=exclude_user)
    if not q:
        return qs.none()
    match = (
        Q(name__icontains=q)
        | Q(employee_number__iexact=q)
        | Q(employee_number__istartswith=q)
        | Q(agency__name__icontains=q)
    )
    with suppress(ValidationError):  # not an ID number: the other fields only
        match |= Q(national_id_hash=national_id.hash_id(national_id.validate(q)))
    return qs.filter(match).order_by("name", "pk")


def person_get(*, viewer, pk) -> Person:
    """One person in the viewer's scope; 404 otherwise, never 403."""
    return get_object_or_404(person_list(viewer=viewer), pk=pk)


def person_find_by_national_id(*, viewer, number: str) -> Person | None:
    """Look a person up by national ID number, through its keyed hash."""
    try:
        digest = national_id.hash_id(national_id.validate(number))
    except Exception:  # an invalid number matches nobody
        return None
    return person_list(viewer=viewer).filter(national_id_hash=digest).first()


def national_id_taken(*, number: str, other_than=None) -> bool:
    """Whether someone (anyone, whatever the scope) but ``other_than`` holds ``number``."""
    clash = Person.objects.filter(national_id_hash=national_id.hash_id(number))
    if other_than is not None:
        clash = clash.exclude(pk=other_than)
    return clash.exists()


def person_of(user) -> Person | None:
    """The profile of ``user`` (cached on the user object)."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def hr_officer_emails(*, agency) -> list[str]:
    """E-mail addresses of the HR officers of ``agency`` or of an agency above it."""
    if agency is None:
        return []
    ancestors = [agency.path[:i] for i in range(4, len(agency.path) + 1, 4)]
    return list(
        Person.objects.filter(hr_agency__path__in=ancestors)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def person_memberships(*, viewer, person: Person):
    """Where a person of the viewer's scope worked, newest first (transfers)."""
    return (
        AgencyMembership.objects.filter(person__in=person_list(viewer=viewer))
        .filter(person=person)
        .select_related("agency")
        .order_by("-started_on", "-pk")
    )
