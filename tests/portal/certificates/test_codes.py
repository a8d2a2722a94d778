"""The signed verification code: genuine codes find their certificate and say
whether it holds; forged or altered ones are refused before any lookup."""

import datetime

import pytest
from django.utils import timezone

from portal.certificates import codes, selectors, services
from portal.certificates.models import CertificateStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cw):
    return services.certificate_issue(
        record=cw.alice_record, language="zh-hant", actor=cw.organizer
    )


def test_a_genuine_code_finds_a_valid_certificate_however_it_is_typed(issued):
    code = codes.certificate_code(issued.number)
    assert code.startswith(issued.number + "-")
    for typed in (code, code.lower(), f"  {code[:9]} {code[9:]} "):
        found = selectors.certificate_verify(code=typed)
        assert found.pk == issued.pk
        assert found.status == CertificateStatus.VALID


def test_after_revocation_the_code_says_revoked(issued, cw):
    code = codes.certificate_code(issued.number)
    services.certificate_revoke(certificate=issued, actor=cw.organizer, reason="誤發")
    assert selectors.certificate_verify(code=code).status == CertificateStatus.REVOKED


def test_forged_and_tampered_codes_are_refused_without_a_query(
    issued, django_assert_num_queries
):
    code = codes.certificate_code(issued.number)
    number, signature = code.rsplit("-", 1)
    other = codes.certificate_code("C2026-999999").rsplit("-", 1)[1]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    next_number = number[:-1] + str((int(number[-1]) + 1) % 10)
    for forged in (
        f"{number}-{flipped}",  # altered signature
        f"{next_number}-{signature}",  # another number, this signature
        f"{number}-{other}",  # a signature of another number
        issued.number,  # the number alone
        code + "A",
        "",
        "C2026-000001-" + "\x00" * 16,
    ):
        with django_assert_num_queries(0):
            assert selectors.certificate_verify(code=forged) is None, forged


def test_codes_of_the_previous_secret_key_still_verify(issued, settings):
    code = codes.certificate_code(issued.number)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert codes.certificate_code(issued.number) != code
    assert selectors.certificate_verify(code=code).pk == issued.pk


def test_an_expired_certificate_says_so(issued):
    issued.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    issued.save(update_fields=["expires_at"])
    found = selectors.certificate_verify(code=codes.certificate_code(issued.number))
    assert found.status == CertificateStatus.EXPIRED
