"""The public verification code of a certificate: its number and a signature.

``C2026-000123-K7QFM2XAPL3R4T5W``: the number people read, then 16 characters of
the number's HMAC (``django.core.signing`` with a salt of its own, SHA-256, in
base32 so it can be typed from paper: capitals and 2-7, no 0/O or 1/I). Numbers
are easy to guess; without the secret key nobody can make the code of one, so a
made-up or altered code is refused here, before anything is looked up.
SECRET_KEY_FALLBACKS keep printed codes working across a key rotation.
"""

import base64
import re

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "civiclearn.certificates.verify"
SIGNATURE_LENGTH = 16
CODE = re.compile(rf"(C[0-9]{{4}}-[0-9]{{6,12}})-([A-Z2-7]{{{SIGNATURE_LENGTH}}})")
# Longest code people may type, spaces and all (a bound before any work).
MAX_TYPED = 80


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, algorithm="sha256")


def _short(signature: str) -> str:
    raw = signing.b64_decode(signature.encode("ascii"))
    return base64.b32encode(raw).decode("ascii")[:SIGNATURE_LENGTH]


def certificate_code(number: str) -> str:
    """The verification code of the certificate numbered ``number``."""
    return f"{number}-{_short(_signer().signature(number))}"


def normalise(typed: str) -> str:
    """A code as typed or scanned: spaces gone, capitals (base32 is one case)."""
    return "".join(str(typed or "")[:MAX_TYPED].split()).upper()


def code_number(code: str) -> str | None:
    """The certificate number of a genuine code; None for anything else."""
    match = CODE.fullmatch(normalise(code))
    if match is None:
        return None
    number, given = match.groups()
    signer = _signer()
    for key in (signer.key, *signer.fallback_keys):
        if constant_time_compare(_short(signer.signature(number, key)), given):
            return number
    return None
