"""Sealing of pending answers: AES-GCM under a key derived from the secret key.

A pending answer sits beside the mark of who gave it until it is released; sealed,
the database alone (a dump, a backup, a replica, a deleted row not yet vacuumed)
does not tell what anyone answered. AES-GCM with a random nonce and no timestamp:
Fernet would store the time of sealing in clear, a timestamp finer than a day.
"""

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "portal.surveys.pending-answers"
_NONCE = 12


def _key(secret) -> bytes:
    return salted_hmac(_SALT, "aes-256-gcm", secret=secret, algorithm="sha256").digest()


def context_of(questionnaire_id) -> bytes:
    """What a pending answer is bound to: its questionnaire."""
    return f"questionnaire:{questionnaire_id}".encode()


def seal(payload, *, context: bytes, size: int = 0) -> bytes:
    """Encrypt a JSON-able payload, bound to ``context`` (the questionnaire) and
    padded with spaces to ``size`` bytes (or a multiple of it) so that payloads
    of one size are indistinguishable by length."""
    nonce = os.urandom(_NONCE)
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    if size > 0:
        data = data.ljust(-(-len(data) // size) * size, b" ")
    return nonce + AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, data, context)


def unseal(token: bytes, *, context: bytes):
    """The payload, or None if no current or fallback secret key opens it."""
    token = bytes(token)
    nonce, data = token[:_NONCE], token[_NONCE:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return json.loads(AESGCM(_key(secret)).decrypt(nonce, data, context))
        except InvalidTag:
            continue
    return None
