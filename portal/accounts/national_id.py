"""National ID numbers (身分證統一編號): validated, hashed with a key, masked for display.

The clear number is never stored: lookups go through the keyed hash, people see the
masked form.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^[A-Z][12489]\d{8}$")
# Letter values of the checksum (A=10 ... Z=33 in the ministry's order).
_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)


def _weighted_sum(number: str) -> int:
    """The ministry's weighted sum of a letter and up to nine digits."""
    value = _LETTERS.index(number[0]) + 10
    digits = [value // 10, value % 10] + [int(d) for d in number[1:]]
    return sum(d * w for d, w in zip(digits, _WEIGHTS, strict=False))


def check_digit(body: str) -> str:
    """The last digit of the number that starts with ``body`` (a letter, eight digits)."""
    return str(-_weighted_sum(body) % 10)


def normalise(raw: str) -> str:
    """Upper-case, with full-width characters and spaces folded."""
    folded = "".join(
        chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in raw or ""
    )
    return "".join(folded.split()).upper()


def validate(raw: str) -> str:
    """Return the normalised number, or raise ValidationError."""
    number = normalise(raw)
    if not _PATTERN.match(number):
        raise ValidationError(
            _("A national ID number is one letter and nine digits, e.g. A123456789."),
            code="format",
        )
    if _weighted_sum(number) % 10:
        raise ValidationError(
            _("This national ID number is not valid (check digit)."), code="checksum"
        )
    return number


def hash_id(number: str) -> str:
    """HMAC-SHA256 of the normalised number with the project's secret key."""
    key = settings.PERSONAL_ID_HASH_KEY
    if not key:
        raise ImproperlyConfigured("PERSONAL_ID_HASH_KEY is not set.")
    return hmac.new(
        key.encode(), normalise(number).encode(), hashlib.sha256
    ).hexdigest()


def mask(number: str) -> str:
    """A123456789 -> A*******89: the letter and the last two digits only.

    Whoever knows the format (letter, 1/2 or 8/9, seven digits, a check digit that
    the others decide) still has 100,000 numbers to choose from even knowing the
    second character, 400,000 without it; the old A12****789 left about 1,000
    (tests/portal/test_national_id.py counts them).
    """
    number = normalise(number)
    if len(number) < 4:
        return "*" * len(number)
    return f"{number[0]}{'*' * (len(number) - 3)}{number[-2:]}"
