"""Reads of licensing data; every face asks here, with the viewer."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from cms.handouts.models import Handout

from .models import LicenseApplication

APPLY_PERMISSION = "licensing.add_licenseapplication"  # the Licensees role
REVIEW_PERMISSION = "licensing.change_licenseapplication"
VIEW_PERMISSION = "licensing.view_licenseapplication"


def material_is_licensable(handout: Handout) -> bool:
    """Marked licensable and covered by the lecturer's authorization of reuse."""
    return bool(handout.licensable and handout.reuse_authorized)


def licensable_material_list():
    """What other agencies may ask to reuse, public to everyone."""
    return (
        Handout.objects.filter(licensable=True, reuse_authorized=True)
        .select_related("course")
        .order_by("course__title", "title", "pk")
    )


def material_list_by_ids(ids):
    """The handouts of ``ids``, or None if one does not exist. Whether they may be
    licensed is the service's check, so that the refusal names them."""
    wanted = set(ids)
    materials = list(Handout.objects.filter(pk__in=wanted))
    return materials if len(materials) == len(wanted) else None


def is_licensee(user) -> bool:
    """An agency account that may apply: the Licensees role and an agency."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.has_perm(APPLY_PERMISSION)
        and getattr(getattr(user, "person", None), "agency_id", None)
    )


def application_list(*, viewer):
    """Institute reviewers see every application; a licensee their agency's."""
    queryset = LicenseApplication.objects.select_related(
        "agency", "applicant"
    ).prefetch_related(
        Prefetch("materials", queryset=Handout.objects.order_by("title"))
    )
    if not viewer.is_authenticated or not viewer.is_active:
        return queryset.none()
    if viewer.has_perm(VIEW_PERMISSION):
        return queryset
    person = getattr(viewer, "person", None)
    if person is None or not is_licensee(viewer):
        return queryset.none()
    return queryset.filter(agency_id=person.agency_id)


def application_get(*, viewer, reference: str) -> LicenseApplication:
    return get_object_or_404(application_list(viewer=viewer), reference=reference)


def license_register(*, viewer):
    """The register: every application with its download count, for staff."""
    return application_list(viewer=viewer).annotate(
        _download_total=Count("downloads", distinct=True)
    )


def download_tokens(*, application, viewer) -> list:
    """(material, token) of each licensed material, for the applicant while the
    license's links are active; nothing for anyone else."""
    from .services import license_link_token

    if not (application.links_active and application.applicant_id == viewer.pk):
        return []
    return [
        (
            material,
            license_link_token(application=application, handout=material, user=viewer),
        )
        for material in application.materials.all()
    ]
