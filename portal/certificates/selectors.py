"""Reads of certificates, through ``portal.accounts.access``:

- the staff list: rows of kind PEOPLE, by the record's trainee and agency
  (institute staff all, an HR officer the people of their agency, anybody else
  their own);
- a trainee's own certificates and completed trainings;
- the organizer's screens: the sessions they run (``access.session_filter``),
  or every session for staff given the ``issue_certificate`` permission;
- verification: by a genuine code only, never by a number alone.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from cms.catalog.models import DeliveryMode, Session
from portal.accounts import access
from portal.accounts.names import display_name
from portal.records.models import TrainingRecord

from . import codes, rules
from .models import Certificate, CertificateStatus, CertificateTemplate, Language

ISSUE_PERMISSION = "certificates.issue_certificate"


def can_manage_certificates(user) -> bool:
    """Issue and revoke: organizers (superusers among them) by their role, other
    institute staff when given the ``issue_certificate`` permission."""
    return access.is_organizer(user) or (
        access.is_institute_staff(user) and user.has_perm(ISSUE_PERMISSION)
    )


def can_list_certificates(user) -> bool:
    """The staff list: institute staff, and HR officers for their agency."""
    return access.can_see_agency_pages(user)


def _certificates():
    return Certificate.objects.select_related(
        "record__session__course", "record__agency"
    )


def _status_filter(queryset, status: str, now=None):
    now = now or timezone.now()
    if status == CertificateStatus.REVOKED:
        return queryset.filter(revoked_at__isnull=False)
    if status == CertificateStatus.EXPIRED:
        return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
    if status == CertificateStatus.VALID:
        return queryset.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
    return queryset


def certificate_list(*, viewer, session_id: int | None = None, status: str = ""):
    """Certificates ``viewer`` may see, newest first."""
    queryset = access.scope_filter(
        _certificates(),
        viewer,
        kind=access.PEOPLE,
        user_field="record__user",
        agency_field="record__agency",
    )
    if session_id is not None:
        queryset = queryset.filter(record__session_id=session_id)
    return _status_filter(queryset, status).order_by("-issued_at", "-pk")


def certificate_get(*, viewer, pk) -> Certificate:
    certificate = certificate_list(viewer=viewer).filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def my_certificate_list(*, viewer):
    """The viewer's own certificates: latest training first."""
    if not getattr(viewer, "is_authenticated", False):
        return Certificate.objects.none()
    return (
        _certificates()
        .filter(record__user_id=viewer.pk)
        .order_by("-start_date", "-record_id", "language", "-issued_at", "-pk")
    )


def my_certificate_get(*, viewer, pk) -> Certificate:
    certificate = my_certificate_list(viewer=viewer).filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


@dataclass
class Offer:
    """A completed training of the trainee and the certificates it may still get."""

    record: TrainingRecord
    languages: list[str] = field(default_factory=list)
    refusal: str = ""

    @property
    def language_choices(self) -> list[tuple[str, str]]:
        return [(language, Language(language).label) for language in self.languages]


def _with_certificates(queryset):
    return queryset.select_related("session__course").prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("issued_at"))
    )


def my_record_list(*, viewer):
    """The viewer's completed trainings, with their certificates."""
    if not getattr(viewer, "is_authenticated", False):
        return TrainingRecord.objects.none()
    return _with_certificates(
        TrainingRecord.objects.filter(user_id=viewer.pk, completed=True)
    ).order_by("-session__start_date", "-pk")


def my_record_get(*, viewer, pk) -> TrainingRecord:
    """One of the viewer's training records, completed or not (the services
    say why one earns no certificate)."""
    if not getattr(viewer, "is_authenticated", False):
        raise Http404
    record = (
        TrainingRecord.objects.select_related("session__course")
        .filter(user_id=viewer.pk, pk=pk)
        .first()
    )
    if record is None:
        raise Http404
    return record


def my_offers(*, viewer, today: datetime.date | None = None) -> list[Offer]:
    """Completed trainings that lack a certificate in some language: the
    languages the trainee may ask for, or why none (blended course not finished,
    a revoked certificate only an organizer issues again)."""
    today = today or timezone.localdate()
    offers = []
    for record in my_record_list(viewer=viewer):
        certificates = list(record.certificates.all())
        held = {c.language for c in certificates if c.revoked_at is None}
        missing = [language for language in Language.values if language not in held]
        if not missing:
            continue
        offer = Offer(record=record)
        refusal = rules.issue_refusal(record, today=today)
        if refusal is not None:
            offer.refusal = " ".join(refusal.messages)
        elif rules.revocation_blocks_trainee(certificates):
            offer.refusal = str(rules.REVOKED_ASK_ORGANIZER)
        else:
            offer.languages = missing
        offers.append(offer)
    return offers


# The organizer's screens -----------------------------------------------------------


def manageable_sessions(*, viewer):
    """Sessions whose certificates ``viewer`` issues and revokes."""
    if not can_manage_certificates(viewer):
        return Session.objects.none()
    if access.is_institute_staff(viewer) and viewer.has_perm(ISSUE_PERMISSION):
        return Session.objects.all()
    return access.session_filter(Session.objects.all(), viewer)


def session_get(*, viewer, pk) -> Session:
    session = (
        manageable_sessions(viewer=viewer)
        .select_related("course")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def ended_session_list(*, viewer, today=None, query: str = "", days: int = 180):
    """Sessions over by ``today`` (those of the last ``days``, or any whose code
    or course matches ``query``) with their completed trainees and certificates."""
    today = today or timezone.localdate()
    queryset = manageable_sessions(viewer=viewer).filter(end_date__lte=today)
    query = " ".join((query or "").split())[:100]
    if query:
        queryset = queryset.filter(
            Q(code__icontains=query) | Q(course__title__icontains=query)
        )
    else:
        queryset = queryset.filter(end_date__gte=today - datetime.timedelta(days=days))
    return (
        queryset.select_related("course")
        .annotate(
            completed_count=Count(
                "training_records",
                filter=Q(training_records__completed=True),
                distinct=True,
            ),
            certificate_count=Count(
                "training_records__certificates",
                filter=Q(training_records__certificates__revoked_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-end_date", "code", "pk")
    )


@dataclass
class SessionRow:
    record: TrainingRecord
    name: str
    certificates: dict[str, Certificate]
    refusal: str = ""

    @property
    def cells(self) -> list[tuple[str, str, Certificate | None, bool]]:
        """(language, its name, the certificate or None, whether an organizer
        may issue one now) in the languages' order."""
        cells = []
        for value, label in Language.choices:
            certificate = self.certificates.get(value)
            may_issue = not self.refusal and (
                certificate is None or certificate.revoked_at is not None
            )
            cells.append((value, label, certificate, may_issue))
        return cells


def session_rows(*, viewer, session, today=None) -> list[SessionRow]:
    """The session's completed trainees with their certificate of each language
    (the live one, else the latest revoked) and why none can be issued."""
    if not manageable_sessions(viewer=viewer).filter(pk=session.pk).exists():
        return []
    today = today or timezone.localdate()
    records = _with_certificates(
        TrainingRecord.objects.filter(session=session, completed=True)
    ).select_related("user__person", "agency")
    rows = []
    for record in records:
        by_language = {}
        for certificate in record.certificates.all():  # oldest first
            current = by_language.get(certificate.language)
            if current is None or current.revoked_at is not None:
                by_language[certificate.language] = certificate
        refusal = rules.issue_refusal(record, today=today)
        rows.append(
            SessionRow(
                record=record,
                name=display_name(record.user),
                certificates=by_language,
                refusal=" ".join(refusal.messages) if refusal else "",
            )
        )
    rows.sort(
        key=lambda row: (row.record.agency.path if row.record.agency else "", row.name)
    )
    return rows


def session_records(*, session):
    """The completed records of ``session`` (for the services' bulk issue)."""
    return _with_certificates(
        TrainingRecord.objects.filter(session=session, completed=True)
    ).order_by("pk")


def due_records(*, today, language: str, window_days: int, limit: int):
    """Completed records of sessions over before ``today`` without any
    certificate in ``language`` (a revoked one counts: it is not issued again
    unasked), whose session ended or record changed in the last ``window_days``.

    Records ``rules.issue_refusal`` would refuse for good reasons that change
    later (no hours, a blended course's e-learning not finished) are left out
    here, so they never fill a run's ``limit``."""
    since = today - datetime.timedelta(days=window_days)
    changed_since = timezone.now() - datetime.timedelta(days=window_days)
    blended = Q(session__delivery_mode=DeliveryMode.BLENDED) | Q(
        session__delivery_mode="", session__course__delivery_mode=DeliveryMode.BLENDED
    )
    return (
        TrainingRecord.objects.filter(
            completed=True, hours__gt=0, session__end_date__lt=today
        )
        .filter(Q(session__end_date__gte=since) | Q(updated_at__gte=changed_since))
        .exclude(blended & Q(online_completed_at__isnull=True))
        .exclude(certificates__language=language)
        .order_by("session__end_date", "pk")[:limit]
    )


def default_template(*, language: str) -> CertificateTemplate | None:
    """The template new certificates in ``language`` are made from."""
    return (
        CertificateTemplate.objects.filter(language=language)
        .select_related("seal_image", "signature_image")
        .order_by("-is_default", "pk")
        .first()
    )


# Verification ---------------------------------------------------------------------


def certificate_verify(*, code: str) -> Certificate | None:
    """The certificate a genuine code names; None for a forged or altered code,
    which is refused before anything is looked up."""
    number = codes.code_number(code)
    if number is None:
        return None
    return Certificate.objects.filter(number=number).first()


def session_record_get(*, viewer, session, pk) -> TrainingRecord:
    """A completed record of a session ``viewer`` manages (one organizer issue)."""
    if not manageable_sessions(viewer=viewer).filter(pk=session.pk).exists():
        raise Http404
    record = TrainingRecord.objects.filter(
        session=session, completed=True, pk=pk
    ).first()
    if record is None:
        raise Http404
    return record
