"""Authorizations in the register, made directly (signing itself is tested in
tests/portal/authorizations)."""

import datetime

from django.utils import timezone

from cms.catalog.models import Lecturer
from portal.authorizations.models import SCOPE_FIELDS, Authorization, Scope, Status

ALL_SCOPES = tuple(Scope)


def author(handout, lecturer=None, name="林講座"):
    """Make ``handout`` a lecturer's material (the lecturer is made if needed)."""
    if lecturer is None:
        lecturer = Lecturer.objects.filter(
            name=name
        ).first() or Lecturer.objects.create(name=name)
    handout.lecturer = lecturer
    handout.save(update_fields=["lecturer"])
    return lecturer


def authorize(
    *handouts,
    scopes=ALL_SCOPES,
    lecturer=None,
    status=Status.SIGNED,
    valid_from=None,
    valid_until=None,
    session=None,
):
    """A signed authorization of ``handouts`` (made the lecturer's) for ``scopes``."""
    lecturer = lecturer or handouts[0].lecturer or author(handouts[0])
    for handout in handouts:
        if handout.lecturer_id != lecturer.pk:
            author(handout, lecturer)
    wanted = {Scope(s) for s in scopes}
    authorization = Authorization.objects.create(
        lecturer=lecturer,
        session=session,
        status=status,
        valid_from=valid_from or timezone.localdate() - datetime.timedelta(days=30),
        valid_until=valid_until,
        signed_at=timezone.now() if status == Status.SIGNED else None,
        **{field: scope in wanted for scope, field in SCOPE_FIELDS.items()},
    )
    authorization.reference = f"AUTH-TEST-{authorization.pk:06d}"
    authorization.save(update_fields=["reference"])
    authorization.materials.set(handouts)
    return authorization


def withdraw_all(handout):
    """The lecturer withdrew every authorization covering ``handout``."""
    Authorization.objects.filter(materials=handout).update(
        status=Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
