"""The licensing workflow: apply, review, approve or refuse, grant, download."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.handouts.models import Handout
from portal.accounts import access
from portal.accounts.names import display_name
from portal.notifications.services import email_queue

from . import selectors, tokens
from .models import LicenseApplication, LicenseDownload, LicenseEvent, Status
from .tokens import LinkRefused

# Allowed steps: from -> to.
TRANSITIONS = {
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REFUSED},
    Status.UNDER_REVIEW: {Status.APPROVED, Status.REFUSED},
    Status.APPROVED: {Status.GRANTED, Status.REFUSED},
}
EMAIL_KEYS = {
    Status.SUBMITTED: "license_submitted",
    Status.UNDER_REVIEW: "license_under_review",
    Status.APPROVED: "license_approved",
    Status.REFUSED: "license_refused",
    Status.GRANTED: "license_granted",
}


def _check_materials(materials):
    refused = [m.title for m in materials if not selectors.material_is_licensable(m)]
    if refused:
        raise ValidationError(
            {
                "materials": ValidationError(
                    _(
                        "These materials cannot be licensed: %(titles)s. Only "
                        "materials whose lecturer's signed authorization allows "
                        "licensing to other agencies can be."
                    ),
                    code="not_licensable",
                    params={"titles": "、".join(refused)},
                )
            }
        )


def _notify(application, *, base_url=""):
    person = getattr(application.applicant, "person", None)
    materials = "\n".join(f"- {m.title}" for m in application.materials.all())
    expires = (
        date_format(timezone.localtime(application.links_expire_at), "Y-m-d H:i")
        if application.links_expire_at
        else ""
    )
    email_queue(
        key=EMAIL_KEYS[application.status],
        to=[(person.email if person else "") or application.applicant.email],
        context={
            "applicant_name": display_name(application.applicant),
            "agency": application.agency.name,
            "reference": application.reference,
            "materials": materials,
            "period": f"{application.period_start} – {application.period_end}",
            "conditions": application.conditions or "—",
            "reason": application.refusal_reason,
            "expires_at": expires,
            "application_url": base_url
            + reverse("licensing:detail", args=[application.reference]),
        },
    )


@transaction.atomic
def application_submit(
    *,
    applicant,
    materials,
    purpose: str,
    audience: str,
    period_start: datetime.date,
    period_end: datetime.date,
    users_count: int,
    terms_accepted: bool,
    base_url: str = "",
) -> LicenseApplication:
    """A licensee's application; every material must be licensable."""
    if not access.is_licensee(applicant):
        raise PermissionDenied(_("Only agency accounts for licensing can apply."))
    materials = list(materials)
    errors = {}
    if not materials:
        errors["materials"] = _("Choose at least one material.")
    if not terms_accepted:
        errors["terms_accepted"] = _("You must accept the terms of use.")
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The end of the period is before its start.")
    if period_start and period_start < timezone.localdate():
        errors["period_start"] = _("The period cannot start in the past.")
    if users_count is None or users_count < 1:
        errors["users_count"] = _("At least one user.")
    if errors:
        raise ValidationError(errors)
    _check_materials(materials)
    application = LicenseApplication.objects.create(
        reference=f"tmp-{secrets.token_hex(7)}",  # replaced by L<year>-<id> below
        applicant=applicant,
        agency=applicant.person.agency,
        purpose=purpose.strip(),
        audience=audience.strip(),
        period_start=period_start,
        period_end=period_end,
        users_count=users_count,
        terms_accepted_at=timezone.now(),
    )
    application.reference = f"L{timezone.localdate():%Y}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    application.materials.set(materials)
    LicenseEvent.objects.create(
        application=application, to_status=Status.SUBMITTED, actor=applicant
    )
    _notify(application, base_url=base_url)
    return application


@transaction.atomic
def application_transition(
    *,
    application: LicenseApplication,
    actor,
    to_status: str,
    note: str = "",
    base_url: str = "",
) -> LicenseApplication:
    """One review step by institute staff, recorded and e-mailed to the applicant."""
    if not access.can_review_licenses(actor):
        raise PermissionDenied(_("You may not review license applications."))
    application = LicenseApplication.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    if to_status not in TRANSITIONS.get(from_status, ()):
        raise ValidationError(
            _("An application that is “%(from)s” cannot become “%(to)s”."),
            code="invalid_transition",
            params={
                "from": Status(from_status).label,
                "to": Status(to_status).label,
            },
        )
    note = (note or "").strip()
    fields = ["status"]
    if to_status == Status.REFUSED:
        if not note:
            raise ValidationError(
                {
                    "note": ValidationError(
                        _("Give the reason for the refusal."), code="reason_required"
                    )
                }
            )
        application.refusal_reason = note
        fields.append("refusal_reason")
    elif to_status == Status.APPROVED:
        application.conditions = note
        fields.append("conditions")
    elif to_status == Status.GRANTED:
        # The lecturer's authorization may have changed since the application.
        _check_materials(list(application.materials.all()))
        application.granted_at = timezone.now()
        application.links_expire_at = application.granted_at + datetime.timedelta(
            days=settings.LICENSE_LINK_DAYS
        )
        fields += ["granted_at", "links_expire_at"]
    application.status = to_status
    application.save(update_fields=fields)
    LicenseEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
    )
    _notify(application, base_url=base_url)
    return application


# Download links -------------------------------------------------------------


def license_link_check(*, token: str, user):
    """The (application, handout) a token downloads for ``user``, or LinkRefused."""
    application_id, handout_id, user_id = tokens.license_link_read(token)
    if user_id != user.pk:
        raise LinkRefused(
            _(
                "This download link was issued to another account. Sign in with "
                "the account that applied for the license."
            ),
            code="other_account",
        )
    application = (
        LicenseApplication.objects.filter(pk=application_id)
        .prefetch_related("materials")
        .first()
    )
    handout = (
        next((m for m in application.materials.all() if m.pk == handout_id), None)
        if application
        else None
    )
    if (
        application is None
        or handout is None
        or application.status != Status.GRANTED
        or application.applicant_id != user.pk
    ):
        raise LinkRefused(_("This download link is not valid."))
    if not application.links_active:
        raise LinkRefused(
            _(
                "The download period of license %(reference)s ended on %(date)s. "
                "Ask the institute to renew it."
            )
            % {
                "reference": application.reference,
                "date": date_format(
                    timezone.localtime(application.links_expire_at), "Y-m-d"
                ),
            },
            status=410,
            code="license_expired",
        )
    if not selectors.material_is_licensable(handout):
        # Checked at the grant too, but the lecturer may withdraw the
        # authorization afterwards; every download asks again.
        raise LinkRefused(
            _(
                "The lecturer no longer authorizes reuse of “%(title)s”, so it "
                "cannot be downloaded under license %(reference)s. Ask the "
                "institute for help."
            )
            % {"title": handout.title, "reference": application.reference},
            status=403,
            code="authorization_withdrawn",
        )
    return application, handout


@transaction.atomic
def license_download(*, token: str, user, ip_address: str | None = None) -> Handout:
    """A licensed download by ``user``: the link is checked and the download
    logged; returns the material to send, or raises LinkRefused."""
    application, handout = license_link_check(token=token, user=user)
    LicenseDownload.objects.create(
        application=application, handout=handout, user=user, ip_address=ip_address
    )
    return handout
