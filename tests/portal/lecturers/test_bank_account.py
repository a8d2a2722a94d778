import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.lecturers import banking, services
from portal.lecturers.models import BankAccountChange, LecturerProfile
from portal.notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

GOOD = {
    "bank_code": "700",
    "branch": "0001",
    "account_number": "0001234-5678",
    "holder": "甲講座",
}


def test_bank_account_is_sealed_no_clear_text_in_the_row(lw):
    services.lecturer_bank_account_change(profile=lw.a, user=lw.lect_a, **GOOD)
    table = LecturerProfile._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [lw.a.pk])  # noqa: S608
        row = cursor.fetchone()
    raw = b"".join(
        bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row
    )
    assert b"00012345678" not in raw
    assert "甲講座".encode() not in raw.replace("甲講座的職稱".encode(), b"")
    assert b"5678" in raw  # the masked form only
    profile = LecturerProfile.objects.get(pk=lw.a.pk)
    opened = banking.unseal(profile.bank_account_sealed, profile_id=profile.pk)
    assert opened.account_number == "00012345678"
    assert opened.holder == "甲講座"


def test_sealed_account_does_not_open_on_another_profile(lw):
    services.lecturer_bank_account_change(profile=lw.a, user=lw.lect_a, **GOOD)
    sealed = LecturerProfile.objects.get(pk=lw.a.pk).bank_account_sealed
    assert banking.unseal(sealed, profile_id=lw.b.pk) is None


def test_sealed_account_opens_after_key_rotation(lw, settings):
    services.lecturer_bank_account_change(profile=lw.a, user=lw.lect_a, **GOOD)
    sealed = LecturerProfile.objects.get(pk=lw.a.pk).bank_account_sealed
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert banking.unseal(sealed, profile_id=lw.a.pk).account_number == "00012345678"


def test_masking_shows_bank_and_last_four_digits():
    account = banking.normalise(**GOOD)
    assert banking.mask(account) == "700-****-****5678"


def test_change_is_recorded_and_notice_queued(lw):
    services.lecturer_bank_account_change(profile=lw.a, user=lw.lect_a, **GOOD)
    services.lecturer_bank_account_change(
        profile=lw.a, user=lw.lect_a, **{**GOOD, "account_number": "99998888"}
    )
    changes = list(BankAccountChange.objects.filter(profile=lw.a))
    assert [c.new_masked for c in changes] == [
        "700-****-****8888",
        "700-****-****5678",
    ]
    assert changes[0].previous_masked == "700-****-****5678"
    notices = OutgoingEmail.objects.filter(template_key="lecturer_bank_changed")
    assert notices.count() == 2
    assert notices.latest("pk").to == "a@x.test"
    assert "700-****-****8888" in notices.latest("pk").body
    assert "99998888" not in notices.latest("pk").body


def test_only_the_lecturer_changes_the_bank_account(lw):
    with pytest.raises(ValidationError) as error:
        services.lecturer_bank_account_change(profile=lw.a, user=lw.organizer, **GOOD)
    assert error.value.code == "not_own_profile"
    with pytest.raises(ValidationError) as error:
        services.lecturer_bank_account_change(profile=lw.a, user=lw.lect_b, **GOOD)
    assert error.value.code == "not_own_profile"
    assert not LecturerProfile.objects.get(pk=lw.a.pk).bank_account_sealed


def test_invalid_account_is_refused_per_field(lw):
    with pytest.raises(ValidationError) as error:
        services.lecturer_bank_account_change(
            profile=lw.a,
            user=lw.lect_a,
            bank_code="7",
            branch="x",
            account_number="12",
            holder="",
        )
    codes = {f: [e.code for e in errs] for f, errs in error.value.error_dict.items()}
    assert codes == {
        "bank_code": ["bank_code_invalid"],
        "branch": ["branch_invalid"],
        "account_number": ["account_number_invalid"],
        "holder": ["holder_invalid"],
    }
