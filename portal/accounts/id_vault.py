"""National ID numbers encrypted at rest, for the portals that need them whole.

Envelope encryption: each number is encrypted (AES-256-GCM) with a data key of its
own, and the data key is encrypted with the institute's current key from
``settings.PERSONAL_ID_KEYS``. Rotating the key re-encrypts only the data keys
(``manage.py personal_ids_rekey``). Lookups never decrypt: they use the keyed hash
(``national_id.hash_id``). Decrypting happens only in ``national_ids_disclose``
(services), for an authorized export, and each disclosure is logged.

A sealed value reads ``v1:<key id>:<wrapped data key>:<ciphertext>`` (base64url).
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
_DATA_AAD = b"civiclearn:national-id"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def keys() -> dict[str, bytes]:
    """The configured keys by id, the current one first."""
    parsed = {}
    for item in filter(None, (p.strip() for p in settings.PERSONAL_ID_KEYS.split(","))):
        key_id, _sep, encoded = item.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured(
                f"PERSONAL_ID_KEYS: key {key_id!r} is not base64."
            ) from error
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured(
                "PERSONAL_ID_KEYS: each key is 'id:' and base64 of 32 bytes."
            )
        parsed[key_id] = key
    if not parsed:
        raise ImproperlyConfigured("PERSONAL_ID_KEYS is not set.")
    return parsed


def current_key_id() -> str:
    return next(iter(keys()))


def seal(number: str) -> str:
    """Encrypt a (validated) national ID number under the current key."""
    key_id, kek = next(iter(keys().items()))
    data_key = AESGCM.generate_key(bit_length=256)
    data_nonce, key_nonce = os.urandom(12), os.urandom(12)
    ciphertext = AESGCM(data_key).encrypt(data_nonce, number.encode(), _DATA_AAD)
    wrapped = AESGCM(kek).encrypt(key_nonce, data_key, key_id.encode())
    return ":".join(
        [VERSION, key_id, _b64(key_nonce + wrapped), _b64(data_nonce + ciphertext)]
    )


def _parts(sealed: str):
    version, key_id, wrapped, ciphertext = sealed.split(":")
    if version != VERSION:
        raise ValueError(f"Unknown sealed ID version {version!r}.")
    return key_id, _unb64(wrapped), _unb64(ciphertext)


def _data_key(key_id: str, wrapped: bytes) -> bytes:
    try:
        kek = keys()[key_id]
    except KeyError:
        raise ImproperlyConfigured(
            f"PERSONAL_ID_KEYS lacks key {key_id!r}, which sealed a stored number."
        ) from None
    return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], key_id.encode())


def unseal(sealed: str) -> str:
    """The clear number. Only ``services.national_ids_disclose`` calls this."""
    key_id, wrapped, ciphertext = _parts(sealed)
    data_key = _data_key(key_id, wrapped)
    try:
        return (
            AESGCM(data_key)
            .decrypt(ciphertext[:12], ciphertext[12:], _DATA_AAD)
            .decode()
        )
    except InvalidTag as error:
        raise ValueError("A sealed national ID number was altered.") from error


def rekey(sealed: str) -> str:
    """The same number with its data key wrapped under the current key (the
    ciphertext is kept); unchanged if it already is."""
    key_id, wrapped, ciphertext = _parts(sealed)
    current_id, current = next(iter(keys().items()))
    if key_id == current_id:
        return sealed
    data_key = _data_key(key_id, wrapped)
    nonce = os.urandom(12)
    rewrapped = AESGCM(current).encrypt(nonce, data_key, current_id.encode())
    return ":".join([VERSION, current_id, _b64(nonce + rewrapped), _b64(ciphertext)])


def key_id_of(sealed: str) -> str:
    return sealed.split(":", 2)[1]


def stored_forms(number: str) -> tuple[str, str, str]:
    """How a record keeps a valid number: (keyed hash, mask, sealed)."""
    from . import national_id

    return national_id.hash_id(number), national_id.mask(number), seal(number)
