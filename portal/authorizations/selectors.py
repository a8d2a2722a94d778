"""Reads of the authorization register, scoped by ``portal.accounts.access``
(kind AUTHORIZATIONS): staff see every authorization, a lecturer their own,
anybody else nothing. ``material_rights`` and ``handouts_in_force`` answer, for
any face, what a lecturer's handout may be used for; nothing else decides it."""

import datetime

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from cms.handouts.models import Handout
from portal.accounts import access

from .models import SCOPE_FIELDS, Authorization, Scope, Status


def _register(viewer):
    return access.scope_filter(
        Authorization.objects.select_related(
            "lecturer", "session", "session__course", "signed_by", "withdrawn_by"
        ),
        viewer,
        kind=access.AUTHORIZATIONS,
        user_field="lecturer__profile__user",
    )


def authorization_list(
    *,
    viewer,
    status: str = "",
    scope: str = "",
    query: str = "",
    in_force: bool | None = None,
):
    """The register as ``viewer`` may see it, newest first."""
    queryset = _register(viewer).prefetch_related(
        Prefetch("materials", queryset=Handout.objects.order_by("title", "pk"))
    )
    if status == "expired":
        queryset = queryset.filter(
            status=Status.SIGNED, valid_until__lt=timezone.localdate()
        )
    elif status:
        queryset = queryset.filter(status=status)
    if scope in SCOPE_FIELDS:
        queryset = queryset.filter(**{SCOPE_FIELDS[Scope(scope)]: True})
    query = " ".join((query or "").split())
    if query:
        queryset = queryset.filter(
            Q(reference__icontains=query)
            | Q(lecturer__name__icontains=query)
            | Q(session__code__icontains=query)
            | Q(session__course__title__icontains=query)
            | Q(materials__title__icontains=query)
        ).distinct()
    if in_force is not None:
        live = Authorization.objects.in_force().values("pk")
        queryset = (
            queryset.filter(pk__in=live) if in_force else queryset.exclude(pk__in=live)
        )
    return queryset.order_by("-created_at", "-pk")


def authorization_get(*, viewer, pk) -> Authorization:
    authorization = authorization_list(viewer=viewer).filter(pk=pk).first()
    if authorization is None:
        raise Http404
    return authorization


def my_authorization_list(*, viewer):
    """The viewer's own authorizations (as a lecturer), waiting ones first; never
    drafts, which the organizer has not sent."""
    if not access.is_lecturer(viewer):
        return Authorization.objects.none()
    return (
        authorization_list(viewer=viewer)
        .filter(lecturer__profile__user_id=viewer.pk)
        .exclude(status=Status.DRAFT)
    )


def my_authorization_get(*, viewer, pk) -> Authorization:
    authorization = my_authorization_list(viewer=viewer).filter(pk=pk).first()
    if authorization is None:
        raise Http404
    return authorization


def waiting_count(*, viewer) -> int:
    return my_authorization_list(viewer=viewer).filter(status=Status.PENDING).count()


# What a lecturer's material may be used for --------------------------------


def handouts_in_force(*, scope: str, on: datetime.date | None = None):
    """The ids of handouts that an authorization in force allows for ``scope``
    (a subquery; the authorization must be the handout's own lecturer's)."""
    live = Authorization.objects.in_force(on=on, scope=scope)
    # One filter() call: both conditions hold for the same authorization.
    return Handout.objects.filter(
        authorizations__in=live, authorizations__lecturer_id=F("lecturer_id")
    ).values("pk")


def handout_allowed(*, handout: Handout, scope: str, on=None) -> bool:
    """Whether ``handout`` may be used for ``scope``: the institute's own material
    (no lecturer) always; a lecturer's only under an authorization in force."""
    if handout.lecturer_id is None:
        return True
    return (
        Authorization.objects.in_force(on=on, scope=scope)
        .filter(materials=handout, lecturer_id=handout.lecturer_id)
        .exists()
    )


def material_rights(*, handouts, on=None) -> dict[int, set[str]]:
    """For each handout, the scopes it may be used for, in one query."""
    handouts = list(handouts)
    rights = {
        h.pk: ({s.value for s in Scope} if h.lecturer_id is None else set())
        for h in handouts
    }
    lecturer_of = {h.pk: h.lecturer_id for h in handouts if h.lecturer_id}
    if not lecturer_of:
        return rights
    through = Authorization.materials.through
    live = Authorization.objects.in_force(on=on)
    rows = through.objects.filter(
        handout_id__in=list(lecturer_of), authorization__in=live
    ).values_list(
        "handout_id",
        "authorization__lecturer_id",
        *[f"authorization__{field}" for field in SCOPE_FIELDS.values()],
    )
    for handout_id, lecturer_id, *flags in rows:
        if lecturer_of[handout_id] != lecturer_id:
            continue
        for scope, on_ in zip(SCOPE_FIELDS, flags, strict=True):
            if on_:
                rights[handout_id].add(scope.value)
    return rights


def licensable_handouts():
    """Handouts a lecturer's authorization in force lets other agencies license
    (the institute's own material is not offered for licensing here)."""
    return Handout.objects.filter(pk__in=handouts_in_force(scope=Scope.LICENSING))


def register_rows(authorizations) -> list[list]:
    """The register as spreadsheet rows (the header is the export's)."""
    today = timezone.localdate()
    rows = []
    for a in authorizations:
        rows.append(
            [
                a.reference or "",
                a.lecturer.name,
                str(a.session.course.title) if a.session_id else "",
                a.session.code if a.session_id else "",
                "; ".join(m.title for m in a.materials.all()),
                "; ".join(str(label) for label in a.scope_labels),
                a.valid_from,
                a.valid_until,
                a.conditions,
                str(a.state_label(today)),
                timezone.localtime(a.signed_at).replace(tzinfo=None)
                if a.signed_at
                else None,
                a.signer_name,
                timezone.localtime(a.withdrawn_at).replace(tzinfo=None)
                if a.withdrawn_at
                else None,
                a.withdrawal_reason,
                a.consent_sha256,
            ]
        )
    return rows
