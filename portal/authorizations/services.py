"""Writes on the authorization register: an organizer prepares and sends, the
lecturer signs (or declines) on the phone, and either records a withdrawal.
Signing renders the text as a PDF and seals it with the institute's key."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.catalog.models import Session, TimetableEntry
from cms.core.models import InstituteSettings
from portal.accounts import access
from portal.notifications.services import email_queue

from . import document, sealing, wording
from .models import SCOPE_FIELDS, Authorization, Scope, Source, Status
from .tokens import LinkRefused, link_days, signing_read, signing_token

MAX_SIGNATURE_BYTES = 300 * 1024


def institute_name() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return InstituteSettings._meta.get_field("institute_name").default
    return InstituteSettings.for_site(site).institute_name


def _require_organizer(actor):
    if not access.is_organizer(actor):
        raise ValidationError(
            _("Only organizers prepare and record authorizations."),
            code="not_organizer",
        )


def _lecturer_teaches(lecturer, session: Session) -> bool:
    return (
        TimetableEntry.objects.filter(session=session, lecturer=lecturer).exists()
        or session.course.lecturers.filter(pk=lecturer.pk).exists()
    )


def _check(authorization: Authorization, materials) -> None:
    errors = {}
    if not any(getattr(authorization, field) for field in SCOPE_FIELDS.values()):
        errors["scope_class"] = ValidationError(
            _("Choose at least one use to authorize."), code="no_scope"
        )
    if (
        authorization.valid_until is not None
        and authorization.valid_until < authorization.valid_from
    ):
        errors["valid_until"] = ValidationError(
            _("The period ends before it begins."), code="period_reversed"
        )
    if authorization.session_id and not _lecturer_teaches(
        authorization.lecturer, authorization.session
    ):
        errors["session"] = ValidationError(
            _("%(lecturer)s does not teach in this session.")
            % {"lecturer": authorization.lecturer.name},
            code="not_teaching",
        )
    others = [m.title for m in materials if m.lecturer_id != authorization.lecturer_id]
    if others:
        errors["materials"] = ValidationError(
            _(
                "These materials are not %(lecturer)s's (set the handout's lecturer "
                "first): %(titles)s"
            )
            % {"lecturer": authorization.lecturer.name, "titles": ", ".join(others)},
            code="other_lecturers_material",
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def authorization_save(
    *, actor, authorization: Authorization, materials, scopes=None
) -> Authorization:
    """Create or change an authorization before it is signed. ``scopes`` (a list
    of Scope values) overrides the flags when given. A change to one waiting for
    a signature voids the link sent: it is sent again."""
    _require_organizer(actor)
    materials = list(materials)
    if authorization.pk:
        current = Authorization.objects.select_for_update().get(pk=authorization.pk)
        if not current.editable:
            raise ValidationError(
                _("A signed or withdrawn authorization cannot be changed."),
                code="not_editable",
            )
    if scopes is not None:
        wanted = {Scope(s) for s in scopes}
        for scope, field in SCOPE_FIELDS.items():
            setattr(authorization, field, scope in wanted)
    _check(authorization, materials)
    if authorization.pk is None:
        authorization.created_by = actor
        authorization.status = Status.DRAFT
    elif authorization.status in (Status.PENDING, Status.DECLINED):
        # What the lecturer was asked to sign is not this any more.
        authorization.status = Status.DRAFT
        authorization.link_nonce = ""
    authorization.save()
    if not authorization.reference:
        authorization.reference = _reference(authorization)
        authorization.save(update_fields=["reference"])
    authorization.materials.set(materials)
    return authorization


def _lecturer_account(authorization):
    profile = getattr(authorization.lecturer, "profile", None)
    user = getattr(profile, "user", None) if profile else None
    if user is None or not user.is_active:
        raise ValidationError(
            _(
                "%(lecturer)s has no lecturer account yet. Invite the lecturer "
                "from the lecturer records first."
            )
            % {"lecturer": authorization.lecturer.name},
            code="no_account",
        )
    return profile, user


def signing_link(*, authorization: Authorization, base_url: str = "") -> str:
    token = signing_token(
        authorization_id=authorization.pk,
        lecturer_id=authorization.lecturer_id,
        nonce=authorization.link_nonce,
    )
    return base_url.rstrip("/") + reverse("authorizations:sign_link", args=[token])


@transaction.atomic
def authorization_send(*, authorization: Authorization, actor, base_url: str) -> str:
    """Ask the lecturer to sign: a new link by e-mail (the previous one stops
    working). Returns the link."""
    _require_organizer(actor)
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    if authorization.status not in (Status.DRAFT, Status.PENDING, Status.DECLINED):
        raise ValidationError(
            _("Only an unsigned authorization can be sent for signature."),
            code="not_sendable",
        )
    _check(authorization, authorization.materials.all())
    profile, user = _lecturer_account(authorization)
    authorization.status = Status.PENDING
    authorization.sent_at = timezone.now()
    authorization.link_nonce = secrets.token_hex(16)
    authorization.declined_at = None
    authorization.decline_reason = ""
    authorization.save()
    link = signing_link(authorization=authorization, base_url=base_url)
    email_queue(
        key="authorization_request",
        to=[profile.email or user.email],
        context={
            "lecturer_name": authorization.lecturer.name,
            "reference": authorization.reference,
            "session": wording.session_text(authorization),
            "signing_url": link,
            "days": link_days(),
        },
    )
    return link


def _reference(authorization) -> str:
    return f"AUTH-{timezone.localdate():%Y}-{authorization.pk:06d}"


def authorization_from_link(*, token: str, user) -> Authorization:
    """The authorization a signing link names, for the lecturer it is bound to;
    LinkRefused for a forged, expired, replaced or someone else's link."""
    authorization_id, lecturer_id, nonce = signing_read(token)
    authorization = (
        Authorization.objects.select_related("lecturer__profile__user")
        .filter(pk=authorization_id, lecturer_id=lecturer_id)
        .first()
    )
    if authorization is None:
        raise LinkRefused(
            _("This signing link is not valid."), code="link_invalid", status=404
        )
    profile = getattr(authorization.lecturer, "profile", None)
    if profile is None or profile.user_id != user.pk:
        raise LinkRefused(
            _(
                "This signing link is for another lecturer. Sign in with the "
                "account the institute invited."
            ),
            code="link_other_lecturer",
            status=403,
        )
    if authorization.status == Status.DRAFT:
        raise LinkRefused(
            _(
                "The organizer is changing this authorization; you will receive "
                "a new link."
            ),
            code="link_replaced",
            status=410,
        )
    if authorization.status == Status.PENDING and not secrets.compare_digest(
        authorization.link_nonce.encode(), nonce.encode("utf-8", "replace")
    ):
        raise LinkRefused(
            _("A newer link was sent for this authorization; use the newest e-mail."),
            code="link_replaced",
            status=410,
        )
    return authorization


def _own(authorization, user):
    profile = getattr(authorization.lecturer, "profile", None)
    if profile is None or profile.user_id is None or profile.user_id != user.pk:
        raise ValidationError(
            _("Only the lecturer signs their authorization."), code="not_own"
        )
    return profile


@transaction.atomic
def authorization_sign(
    *,
    authorization: Authorization,
    user,
    signer_name: str,
    consent: bool,
    text_sha256: str,
    signature_png: bytes | None = None,
    typed_signature: str = "",
    ip_address: str | None = None,
) -> Authorization:
    """The lecturer signs what they read: the text's hash must be the one shown,
    consent explicit, and a drawn signature (or, for those who cannot draw, the
    typed name). The PDF is rendered, sealed and kept; the lecturer is told."""
    authorization = (
        Authorization.objects.select_for_update(of=("self",))
        .select_related("lecturer__profile")
        .get(pk=authorization.pk)
    )
    profile = _own(authorization, user)
    if authorization.status != Status.PENDING:
        raise ValidationError(
            _("This authorization is not waiting for a signature (%(status)s).")
            % {"status": authorization.get_status_display()},
            code="not_pending",
        )
    errors = {}
    signer_name = " ".join((signer_name or "").split())
    typed_signature = " ".join((typed_signature or "").split())
    if not signer_name:
        errors["signer_name"] = ValidationError(
            _("Type your full name."), code="name_required"
        )
    if not consent:
        errors["consent"] = ValidationError(
            _("Tick the box to agree to the text above."), code="consent_required"
        )
    if not signature_png and not typed_signature:
        errors["signature"] = ValidationError(
            _("Sign in the box, or type your name as your signature."),
            code="signature_required",
        )
    if signature_png and len(signature_png) > MAX_SIGNATURE_BYTES:
        errors["signature"] = ValidationError(
            _("The signature image is too large."), code="signature_too_large"
        )
    if errors:
        raise ValidationError(errors)
    institute = institute_name()
    text = wording.consent_text(authorization, institute=institute)
    digest = wording.text_sha256(text)
    # Bytes: compare_digest refuses non-ASCII text, and the hash comes from outside.
    given = (text_sha256 or "").strip().lower().encode("utf-8", "replace")
    if not secrets.compare_digest(digest.encode("ascii"), given):
        raise ValidationError(
            _(
                "The authorization changed while you were reading it. Read it "
                "again and sign the new text."
            ),
            code="text_changed",
        )
    now = timezone.now()
    try:
        pdf = document.render_pdf(
            document.AuthorizationText(
                reference=authorization.reference,
                institute=institute,
                lecturer_name=authorization.lecturer.name,
                session_label=wording.session_text(authorization),
                materials=tuple(wording.material_titles(authorization)),
                scopes=tuple(authorization.scope_labels),
                period=wording.period_text(authorization),
                conditions=authorization.conditions,
                consent_text=text,
                consent_sha256=digest,
                signer_name=signer_name,
                signed_at=now,
                signature_png=signature_png or None,
                typed_signature=typed_signature,
            )
        )
    except ValueError as error:
        raise ValidationError(
            {
                "signature": ValidationError(
                    _("The signature could not be read. Clear it and sign again."),
                    code="signature_invalid",
                )
            }
        ) from error
    sealed = sealing.seal_pdf(
        pdf,
        reason=str(_("Authorization %(reference)s signed by %(name)s"))
        % {"reference": authorization.reference, "name": signer_name},
        location=institute,
    )
    authorization.status = Status.SIGNED
    authorization.signed_at = now
    authorization.signed_by = user
    authorization.signer_name = signer_name
    authorization.consent_sha256 = digest
    authorization.signing_ip = ip_address
    authorization.link_nonce = ""
    authorization.document_sha256 = hashlib.sha256(sealed).hexdigest()
    authorization.document.save(
        f"{authorization.reference}.pdf", ContentFile(sealed), save=False
    )
    authorization.save()
    email_queue(
        key="authorization_signed",
        to=[profile.email or user.email],
        context={
            "lecturer_name": authorization.lecturer.name,
            "reference": authorization.reference,
            "session": wording.session_text(authorization),
            "scopes": "、".join(str(label) for label in authorization.scope_labels),
            "period": wording.period_text(authorization),
            "document_sha256": authorization.document_sha256,
        },
    )
    return authorization


@transaction.atomic
def authorization_decline(
    *, authorization: Authorization, user, reason: str = ""
) -> Authorization:
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    _own(authorization, user)
    if authorization.status != Status.PENDING:
        raise ValidationError(
            _("This authorization is not waiting for a signature (%(status)s).")
            % {"status": authorization.get_status_display()},
            code="not_pending",
        )
    authorization.status = Status.DECLINED
    authorization.declined_at = timezone.now()
    authorization.decline_reason = (reason or "").strip()
    authorization.link_nonce = ""
    authorization.save()
    return authorization


@transaction.atomic
def authorization_withdraw(
    *, authorization: Authorization, actor, reason: str = ""
) -> Authorization:
    """Withdraw a signed authorization for the future: by the lecturer on the
    site, or recorded by an organizer (a letter, a phone call: the reason says
    which). From now on the materials are not shown, recorded or licensed."""
    authorization = (
        Authorization.objects.select_for_update(of=("self",))
        .select_related("lecturer__profile")
        .get(pk=authorization.pk)
    )
    profile = getattr(authorization.lecturer, "profile", None)
    by_lecturer = profile is not None and profile.user_id == actor.pk
    if not by_lecturer:
        _require_organizer(actor)
    reason = (reason or "").strip()
    if not by_lecturer and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say how the lecturer withdrew it (letter, e-mail, call)."),
                    code="reason_required",
                )
            }
        )
    if authorization.status != Status.SIGNED:
        raise ValidationError(
            _("Only a signed authorization can be withdrawn."), code="not_signed"
        )
    authorization.status = Status.WITHDRAWN
    authorization.withdrawn_at = timezone.now()
    authorization.withdrawn_by = actor
    authorization.withdrawal_reason = reason
    authorization.save()
    return authorization


@transaction.atomic
def authorization_record_paper(
    *,
    authorization: Authorization,
    actor,
    signed_on,
    signer_name: str,
    scan=None,
) -> Authorization:
    """Enter an authorization signed on paper (the years before the site, or a
    lecturer who will not sign online) into the register as signed. The scan,
    if any, must pass the handout upload rules."""
    _require_organizer(actor)
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    if not authorization.editable:
        raise ValidationError(
            _("A signed or withdrawn authorization cannot be changed."),
            code="not_editable",
        )
    _check(authorization, authorization.materials.all())
    signer_name = " ".join((signer_name or "").split())
    errors = {}
    if not signer_name:
        errors["signer_name"] = ValidationError(
            _("Type the name of the person who signed."), code="name_required"
        )
    if signed_on is None:
        errors["signed_on"] = ValidationError(
            _("Give the date on the paper."), code="date_required"
        )
    elif signed_on > timezone.localdate():
        errors["signed_on"] = ValidationError(
            _("The date on the paper cannot be in the future."), code="date_future"
        )
    if errors:
        raise ValidationError(errors)
    if scan is not None:
        from cms.handouts.validators import validate_handout_content

        validate_handout_content(scan)
        authorization.document.save(
            f"{authorization.reference}-paper.pdf", scan, save=False
        )
        scan.seek(0)
        authorization.document_sha256 = hashlib.sha256(scan.read()).hexdigest()
    authorization.source = Source.PAPER
    authorization.status = Status.SIGNED
    authorization.signed_at = timezone.make_aware(
        datetime.datetime.combine(signed_on, datetime.time(12, 0))
    )
    authorization.signed_by = None
    authorization.signer_name = signer_name
    authorization.link_nonce = ""
    authorization.save()
    return authorization
