"""Writes on certificates: issue one (an organizer, or the trainee asking for
their own), issue a session's at once, issue what is due (the scheduled task),
and revoke.

Issuing is idempotent and safe when two requests race: the training record's
row is locked, an existing live certificate of the language is returned, and
the database allows one live certificate per record and language. Automatic
issuing (a session's, the scheduled task) never issues again a language whose
certificate was revoked; an organizer does it on purpose, one record at a time.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.models import InstituteSettings
from portal.accounts.names import display_name
from portal.records.models import TrainingRecord

from . import rules, selectors, wording
from .models import Certificate, Language

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = Language.ZH_HANT


@dataclass
class IssueSummary:
    """What a bulk issue did: certificates issued, records that already had one
    in the language (live or revoked), and records refused with the reason."""

    issued: list[Certificate] = field(default_factory=list)
    already: int = 0
    refused: list[tuple[TrainingRecord, str]] = field(default_factory=list)


def institute_name() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return InstituteSettings._meta.get_field("institute_name").default
    return InstituteSettings.for_site(site).institute_name


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise ValidationError(
            {
                "language": ValidationError(
                    _("Certificates are issued in Chinese or English."),
                    code="unknown_language",
                )
            }
        )


def _snapshot(record: TrainingRecord, language: str, template) -> dict:
    session = record.session
    name = display_name(record.user)
    course = wording.course_title(session.course, language)
    institute = institute_name()
    values = wording.placeholder_values(
        name=name,
        course=course,
        hours=record.hours,
        session=session,
        institute=institute,
        language=language,
    )
    return {
        "holder_name": name,
        "course_title": course,
        "session_code": session.code,
        "start_date": session.start_date,
        "end_date": session.end_date,
        "hours": record.hours,
        "title": template.title,
        "body": wording.fill(template.body, values),
        "show_details": template.show_details,
        "signer_name": template.signer_name,
        "signer_title": template.signer_title,
        "institute_name": institute,
    }


def _issue(
    *, record_id: int, language: str, actor, by_trainee: bool
) -> tuple[Certificate, bool]:
    """The live certificate of the record in ``language``, issued now if there
    is none: (certificate, whether it was issued now)."""
    with transaction.atomic():
        record = (
            TrainingRecord.objects.select_for_update(of=("self",))
            .select_related("session__course", "user__person")
            .get(pk=record_id)
        )
        certificates = list(
            Certificate.objects.filter(record=record).order_by("issued_at", "pk")
        )
        for certificate in certificates:
            if certificate.language == language and certificate.revoked_at is None:
                return certificate, False
        refusal = rules.issue_refusal(record, today=timezone.localdate())
        if refusal is not None:
            raise refusal
        if by_trainee and rules.revocation_blocks_trainee(certificates):
            raise ValidationError(
                rules.REVOKED_ASK_ORGANIZER, code="revoked_ask_organizer"
            )
        template = selectors.default_template(language=language)
        if template is None:
            raise ValidationError(
                _(
                    "There is no certificate template in %(language)s yet: add "
                    "one under Certificates, Templates."
                )
                % {"language": Language(language).label},
                code="no_template",
            )
        now = timezone.now()
        certificate = Certificate(
            record=record,
            language=language,
            template=template,
            issued_at=now,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            expires_at=template.expires_at(record.session.end_date),
            **_snapshot(record, language, template),
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Another transaction issued it first (only where rows cannot be
            # locked); the constraint kept it to one.
            existing = Certificate.objects.filter(
                record=record, language=language, revoked_at__isnull=True
            ).first()
            if existing is None:
                raise
            return existing, False
        certificate.number = f"C{timezone.localdate(now).year}-{certificate.pk:06d}"
        certificate.save(update_fields=["number"])
        return certificate, True


def certificate_issue(*, record: TrainingRecord, language: str, actor) -> Certificate:
    """The live certificate of ``record`` in ``language``, issued if there is none
    yet. By an organizer, or on demand by the trainee the record is of (who
    cannot undo a revocation); ValidationError says why a record earns none."""
    _check_language(language)
    manager = selectors.can_manage_certificates(actor)
    if not manager and (actor is None or record.user_id != actor.pk):
        raise PermissionDenied(_("Only organizers issue other people's certificates."))
    certificate, _issued = _issue(
        record_id=record.pk, language=language, actor=actor, by_trainee=not manager
    )
    return certificate


def _issue_each(records, *, language: str, actor) -> IssueSummary:
    summary = IssueSummary()
    for record in records:
        try:
            certificate, issued = _issue(
                record_id=record.pk, language=language, actor=actor, by_trainee=False
            )
        except ValidationError as error:
            summary.refused.append((record, " ".join(error.messages)))
            continue
        if issued:
            summary.issued.append(certificate)
        else:
            summary.already += 1
    return summary


def certificate_issue_session(
    *, session, actor, language: str = DEFAULT_LANGUAGE
) -> IssueSummary:
    """Issue the certificates of every completed trainee of ``session`` in
    ``language`` (an organizer's button). Records with a certificate in the
    language, even a revoked one, are left as they are; running it again
    issues only what is new."""
    _check_language(language)
    if not selectors.can_manage_certificates(actor):
        raise PermissionDenied(_("Only organizers issue certificates."))
    pending = []
    already = 0
    for record in selectors.session_records(session=session):
        if any(c.language == language for c in record.certificates.all()):
            already += 1
        else:
            pending.append(record)
    summary = _issue_each(pending, language=language, actor=actor)
    summary.already += already
    return summary


def certificate_issue_due(
    *, language: str = DEFAULT_LANGUAGE, limit: int = 500, today=None
) -> IssueSummary:
    """Issue the certificates due (the scheduled task): completed trainings of
    sessions over before today whose session ended, or record changed, within
    CERTIFICATE_ISSUE_WINDOW_DAYS, up to ``limit`` a run."""
    _check_language(language)
    records = selectors.due_records(
        today=today or timezone.localdate(),
        language=language,
        window_days=int(getattr(settings, "CERTIFICATE_ISSUE_WINDOW_DAYS", 60)),
        limit=limit,
    )
    summary = _issue_each(list(records), language=language, actor=None)
    if summary.issued or summary.refused:
        logger.info(
            "Certificates due: %s issued, %s refused.",
            len(summary.issued),
            len(summary.refused),
        )
    return summary


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke a certificate for a reason (an organizer). The verification page
    says so from now on. Revoking a revoked certificate changes nothing."""
    if not selectors.can_manage_certificates(actor):
        raise PermissionDenied(_("Only organizers revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the certificate is revoked."), code="reason_required"
                )
            }
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            return certificate
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = actor
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate
