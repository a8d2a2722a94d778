"""Reads of licensing data; every face asks here, with the viewer."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from cms.handouts.models import Handout
from portal.accounts import access
from portal.authorizations import selectors as authorizations
from portal.authorizations.models import Scope

from . import tokens
from .models import LicenseApplication


def material_is_licensable(handout: Handout) -> bool:
    """A lecturer's material under an authorization in force that allows
    licensing to other agencies (the register's answer, asked again at every
    grant and download)."""
    return handout.lecturer_id is not None and authorizations.handout_allowed(
        handout=handout, scope=Scope.LICENSING
    )


def unauthorized_material_ids(*, application) -> set[int]:
    """The application's materials that no authorization in force lets other
    agencies license now (withdrawn or expired since the application)."""
    materials = list(application.materials.all())
    rights = authorizations.material_rights(handouts=materials)
    return {
        m.pk
        for m in materials
        if m.lecturer_id is None or Scope.LICENSING not in rights[m.pk]
    }


def licensable_material_list():
    """What other agencies may ask to reuse, public to everyone."""
    return (
        authorizations.licensable_handouts()
        .select_related("course")
        .order_by("course__title", "title", "pk")
    )


def material_list_by_ids(ids):
    """The handouts of ``ids``, or None if one does not exist. Whether they may be
    licensed is the service's check, so that the refusal names them."""
    wanted = set(ids)
    materials = list(Handout.objects.filter(pk__in=wanted))
    return materials if len(materials) == len(wanted) else None


def application_list(*, viewer):
    """Institute staff see every application; a licensee their agency's and its
    units'; anybody else none."""
    queryset = LicenseApplication.objects.select_related(
        "agency", "applicant"
    ).prefetch_related(
        Prefetch("materials", queryset=Handout.objects.order_by("title"))
    )
    return access.scope_filter(queryset, viewer, kind=access.LICENSING)


def application_get(*, viewer, reference: str) -> LicenseApplication:
    """One application in the viewer's scope, or 404."""
    return get_object_or_404(application_list(viewer=viewer), reference=reference)


def license_register(*, viewer):
    """The register: every application with its download count, for staff."""
    return application_list(viewer=viewer).annotate(
        _download_total=Count("downloads", distinct=True)
    )


def license_event_list(*, application):
    """The steps of an application the viewer was given, with who took them."""
    return application.events.select_related("actor")


def license_download_list(*, application, limit=50):
    """The latest downloads under an application the viewer was given."""
    return application.downloads.select_related("handout", "user")[:limit]


def download_tokens(*, application, viewer) -> list:
    """(material, token) of each licensed material, for the applicant while the
    license's links are active; nothing for anyone else."""
    if not (application.links_active and application.applicant_id == viewer.pk):
        return []
    return [
        (
            material,
            tokens.license_link_token(
                application=application, handout=material, user=viewer
            ),
        )
        for material in application.materials.all()
        # Withdrawn since the grant: the download would be refused.
        if material_is_licensable(material)
    ]
