"""A lecturer's bank account, sealed at rest: AES-GCM under a key derived from
the secret key (as ``portal/surveys/sealing.py`` does), bound to the profile so a
sealed value copied to another row does not open. Only the masked form
(``700-****-****5678``) is kept in clear, for screens and lists."""

import json
import os
import re
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

_SALT = "portal.lecturers.bank-account"
_NONCE = 12
# Sealed payloads are padded to one size: the length says nothing of the holder.
_SIZE = 256


@dataclass(frozen=True)
class BankAccount:
    bank_code: str
    branch: str
    account_number: str
    holder: str


def _key(secret) -> bytes:
    return salted_hmac(_SALT, "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def _secrets():
    key = getattr(settings, "LECTURER_BANK_KEY", "") or settings.SECRET_KEY
    fallbacks = getattr(settings, "SECRET_KEY_FALLBACKS", [])
    return [key, settings.SECRET_KEY, *fallbacks]


def context_of(profile_id) -> bytes:
    return f"lecturer-profile:{profile_id}".encode()


def normalise(
    *, bank_code: str, branch: str, account_number: str, holder: str
) -> BankAccount:
    """The account with spaces and dashes removed, or ValidationError (per field)."""
    bank_code = re.sub(r"[\s-]", "", bank_code or "")
    branch = re.sub(r"[\s-]", "", branch or "")
    account_number = re.sub(r"[\s-]", "", account_number or "")
    holder = " ".join((holder or "").split())
    errors = {}
    if not re.fullmatch(r"\d{3}", bank_code):
        errors["bank_code"] = ValidationError(
            _("A bank code has 3 digits."), code="bank_code_invalid"
        )
    if not re.fullmatch(r"\d{4}", branch):
        errors["branch"] = ValidationError(
            _("A branch code has 4 digits."), code="branch_invalid"
        )
    if not re.fullmatch(r"\d{6,16}", account_number):
        errors["account_number"] = ValidationError(
            _("An account number has 6 to 16 digits."), code="account_number_invalid"
        )
    if not holder or len(holder) > 80:
        errors["holder"] = ValidationError(
            _("Give the account holder's name."), code="holder_invalid"
        )
    if errors:
        raise ValidationError(errors)
    return BankAccount(bank_code, branch, account_number, holder)


def mask(account: BankAccount) -> str:
    """``700-****-****5678``: the bank and the last four digits only."""
    return f"{account.bank_code}-****-****{account.account_number[-4:]}"


def seal(account: BankAccount, *, profile_id) -> bytes:
    nonce = os.urandom(_NONCE)
    data = json.dumps(asdict(account), ensure_ascii=False).encode()
    data = data.ljust(-(-len(data) // _SIZE) * _SIZE, b" ")
    key = _key(_secrets()[0])
    return nonce + AESGCM(key).encrypt(nonce, data, context_of(profile_id))


def unseal(token, *, profile_id) -> BankAccount | None:
    """The account, or None if nothing is sealed or no key opens it."""
    if not token:
        return None
    token = bytes(token)
    nonce, data = token[:_NONCE], token[_NONCE:]
    for secret in _secrets():
        try:
            payload = AESGCM(_key(secret)).decrypt(nonce, data, context_of(profile_id))
        except InvalidTag:
            continue
        return BankAccount(**json.loads(payload))
    return None
