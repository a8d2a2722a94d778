"""What a viewer may see of people: every face asks here (admin, site, exports, API)."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from . import national_id
from .models import Agency, Person
from .roles import HR_OFFICERS, is_institute_staff


@dataclass(frozen=True)
class Scope:
    """ALL: institute staff; AGENCY: an HR officer's subtree; SELF; NONE: anonymous."""

    kind: str
    agency_path: str = ""
    user_id: int | None = None

    ALL = "all"
    AGENCY = "agency"
    SELF = "self"
    NONE = "none"


def viewer_scope(viewer) -> Scope:
    """The scope of ``viewer``, computed once per user object."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return Scope(Scope.NONE)
    cached = getattr(viewer, "_civic_scope", None)
    if cached is not None:
        return cached
    if is_institute_staff(viewer):
        scope = Scope(Scope.ALL, user_id=viewer.pk)
    else:
        hr_path = (
            Person.objects.filter(user=viewer, hr_agency__isnull=False)
            .values_list("hr_agency__path", flat=True)
            .first()
        )
        if hr_path and viewer.groups.filter(name=HR_OFFICERS).exists():
            scope = Scope(Scope.AGENCY, agency_path=hr_path, user_id=viewer.pk)
        else:
            scope = Scope(Scope.SELF, user_id=viewer.pk)
    viewer._civic_scope = scope
    return scope


def scope_filter(queryset, viewer, *, user_field="user", agency_field="agency"):
    """Limit ``queryset`` to rows ``viewer`` may see."""
    scope = viewer_scope(viewer)
    if scope.kind == Scope.ALL:
        return queryset
    if scope.kind == Scope.AGENCY:
        return queryset.filter(
            **{f"{agency_field}__path__startswith": scope.agency_path}
        )
    if scope.kind == Scope.SELF:
        return queryset.filter(**{f"{user_field}_id": scope.user_id})
    return queryset.none()


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
