"""Issuing and revoking certificates: the rules, idempotence, bulk and
scheduled issuing, and what a certificate keeps of what it certifies."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.db.models import ProtectedError
from django.utils import timezone

from cms.catalog.models import DeliveryMode
from portal.certificates import services
from portal.certificates.models import Certificate, CertificateTemplate
from tests.factories.catalog import make_course, make_session, make_site
from tests.factories.certificates import completed_record, default_templates
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def test_a_completed_record_gets_a_numbered_certificate_with_a_snapshot(cw):
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    year = timezone.localdate().year
    assert certificate.number == f"C{year}-{certificate.pk:06d}"
    assert certificate.issued_by == cw.organizer
    assert certificate.expires_at is None
    assert (certificate.holder_name, certificate.course_title) == (
        "王資安",
        "資訊安全基礎班",
    )
    assert certificate.hours == Decimal("12")
    assert (certificate.start_date, certificate.end_date) == (
        cw.past.start_date,
        cw.past.end_date,
    )
    start = cw.past.start_date
    assert f"{start.year}年{start.month}月{start.day}日" in certificate.body
    assert "{" not in certificate.body and "王資安" in certificate.body
    assert certificate.signer_name == "陳院長"


def test_the_english_certificate_uses_the_english_title_and_dates(cw):
    certificate = services.certificate_issue(
        record=cw.alice_record, language="en", actor=cw.organizer
    )
    assert certificate.course_title == "Information Security Basics"
    assert "Information Security Basics" in certificate.body
    assert cw.past.end_date.strftime("%B") in certificate.body


def test_issuing_again_returns_the_live_certificate(cw):
    first = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    again = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.alice.user
    )
    assert again.pk == first.pk
    assert Certificate.objects.filter(record=cw.alice_record).count() == 1


def test_refusals_say_why_with_a_code(cw):
    cases = [
        (cw.carol_record, "not_completed"),
        (cw.future_record, "session_not_over"),
        (cw.blended_record, "online_part_unfinished"),
    ]
    for record, code in cases:
        with pytest.raises(ValidationError) as refused:
            services.certificate_issue(
                record=record, language="zh-hant", actor=cw.organizer
            )
        assert _codes(refused.value) == {code}
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(
            record=cw.alice_record, language="fr", actor=cw.organizer
        )
    assert refused.value.message_dict["language"]
    assert not Certificate.objects.exists()


def test_a_blended_course_earns_its_certificate_once_the_online_part_is_done(cw):
    cw.blended_record.online_completed_at = timezone.now()
    cw.blended_record.save(update_fields=["online_completed_at"])
    certificate = services.certificate_issue(
        record=cw.blended_record, language="zh-hant", actor=cw.alice.user
    )
    assert certificate.course_title == "混成學習班"
    assert certificate.issued_by == cw.alice.user


def test_without_a_template_nothing_is_issued(cw):
    CertificateTemplate.objects.filter(language="en").delete()
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(
            record=cw.alice_record, language="en", actor=cw.organizer
        )
    assert _codes(refused.value) == {"no_template"}


def test_only_organizers_issue_other_peoples_certificates(cw):
    for actor in (cw.bob.user, cw.hr_a.user, cw.editor, None):
        with pytest.raises(PermissionDenied):
            services.certificate_issue(
                record=cw.alice_record, language="zh-hant", actor=actor
            )
    with pytest.raises(PermissionDenied):
        services.certificate_issue_session(session=cw.past, actor=cw.editor)


def test_after_a_revocation_only_an_organizer_issues_again(cw):
    first = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    services.certificate_revoke(
        certificate=first, actor=cw.organizer, reason="時數登錄錯誤"
    )
    for language in ("zh-hant", "en"):
        with pytest.raises(ValidationError) as refused:
            services.certificate_issue(
                record=cw.alice_record, language=language, actor=cw.alice.user
            )
        assert _codes(refused.value) == {"revoked_ask_organizer"}
    second = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    assert second.pk != first.pk and second.number != first.number
    # Once the organizer has issued it again, the trainee may ask for English.
    english = services.certificate_issue(
        record=cw.alice_record, language="en", actor=cw.alice.user
    )
    assert english.language == "en"


def test_revoking_needs_a_reason_an_organizer_and_is_idempotent(cw):
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    with pytest.raises(ValidationError) as refused:
        services.certificate_revoke(
            certificate=certificate, actor=cw.organizer, reason=" "
        )
    assert refused.value.message_dict["reason"]
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(
            certificate=certificate, actor=cw.alice.user, reason="不要了"
        )
    revoked = services.certificate_revoke(
        certificate=certificate, actor=cw.organizer, reason="重複核發"
    )
    again = services.certificate_revoke(
        certificate=certificate, actor=cw.organizer, reason="另一個理由"
    )
    assert again.revoked_at == revoked.revoked_at
    assert again.revoked_reason == "重複核發" and again.revoked_by == cw.organizer


def test_a_session_is_issued_at_once_and_again_only_what_is_new(cw):
    summary = services.certificate_issue_session(session=cw.past, actor=cw.organizer)
    assert {c.record_id for c in summary.issued} == {
        cw.alice_record.pk,
        cw.bob_record.pk,
    }
    assert summary.already == 0 and summary.refused == []
    services.certificate_revoke(
        certificate=summary.issued[0], actor=cw.organizer, reason="誤發"
    )
    again = services.certificate_issue_session(session=cw.past, actor=cw.organizer)
    # The revoked one is not issued again unasked.
    assert (again.issued, again.already) == ([], 2)
    english = services.certificate_issue_session(
        session=cw.past, actor=cw.organizer, language="en"
    )
    assert len(english.issued) == 2


def test_the_scheduled_issue_takes_ended_sessions_only(cw, catalog):
    old = make_session(
        make_course(catalog), start=cw.today - datetime.timedelta(days=400)
    )
    old_record = completed_record(old, cw.bob.user, agency=cw.bob.agency)
    # Changed long ago: out of the window, as old history must be.
    type(old_record).objects.filter(pk=old_record.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=300)
    )
    call_command("certificates_issue_due", verbosity=0)
    issued = set(Certificate.objects.values_list("record_id", flat=True))
    assert issued == {cw.alice_record.pk, cw.bob_record.pk}
    assert not Certificate.objects.exclude(issued_by=None).exists()
    # The blended record is due once its online part is done; running again
    # issues nothing twice.
    cw.blended_record.online_completed_at = timezone.now()
    cw.blended_record.save(update_fields=["online_completed_at", "updated_at"])
    summary = services.certificate_issue_due()
    assert [c.record_id for c in summary.issued] == [cw.blended_record.pk]
    assert services.certificate_issue_due().issued == []


def test_validity_counts_from_the_sessions_last_day(cw):
    default_templates(validity_months=24)
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    end = cw.past.end_date
    assert certificate.valid_until == end.replace(year=end.year + 2)


def test_the_certificate_keeps_what_it_certified_when_data_changes(cw):
    certificate = services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    cw.alice.name = "王改名"
    cw.alice.save()
    cw.course.title = "新課名"
    cw.course.save()
    template = cw.templates["zh-hant"]
    template.signer_name = "新院長"
    template.save()
    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.course_title) == (
        "王資安",
        "資訊安全基礎班",
    )
    assert certificate.signer_name == "陳院長"


def test_a_certified_record_cannot_be_deleted(cw):
    services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )
    with pytest.raises(ProtectedError):
        cw.alice_record.delete()


def test_templates_refuse_unknown_placeholders_and_a_second_default(cw):
    template = CertificateTemplate(
        name="壞範本",
        language="zh-hant",
        title="證明",
        body="{name} {__class__}",
        is_default=True,
    )
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    messages = refused.value.message_dict
    assert "{__class__}" in " ".join(messages["body"])
    assert messages["__all__"]  # the language has a default already


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_issue_one_certificate():
    _home, catalog = make_site()
    default_templates()
    agencies = make_agencies()
    organizer = make_user("race_org", "Organizers")
    course = make_course(catalog, delivery_mode=DeliveryMode.CLASSROOM)
    session = make_session(
        course, start=timezone.localdate() - datetime.timedelta(days=3), code="R00001"
    )
    person = make_person("race_trainee", agencies["it"])
    record = completed_record(session, person.user, agency=person.agency)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def issue(actor):
        try:
            barrier.wait(timeout=10)
            results.append(
                services.certificate_issue(
                    record=record, language="zh-hant", actor=actor
                ).pk
            )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=issue, args=(actor,))
        for actor in (organizer, person.user)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert Certificate.objects.filter(record=record).count() == 1
