"""Path converters and identifier parsing that refuse what the database cannot hold.

Every URLconf of the project imports this module and uses ``<id:...>`` for
identifiers and ``<text:...>`` for free path segments, never Django's ``int``
or ``str``: a 20-digit identifier overflows SQLite's integers (OverflowError),
and PostgreSQL refuses text with a NUL byte (ValueError). Both would be a 500;
here they are simply no match, a 404.
"""

import re

from django.urls import register_converter

# The largest value of a signed 64-bit integer, the range of every id column.
MAX_ID = 2**63 - 1
ID_PATTERN = re.compile(r"[0-9]{1,19}")
# Control characters never belong in a path segment; NUL breaks PostgreSQL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class IdConverter:
    """A non-negative database identifier of at most 2**63 - 1."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            # A ValueError from a converter means "no match": the resolver 404s.
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(int(value))


class TextConverter:
    """A path segment without slashes or control characters (NUL included)."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
register_converter(TextConverter, "text")


def parse_id(raw) -> int | None:
    """An identifier typed into a form or query string, or None when it is not one.

    Only ASCII digits count (``"²".isdigit()`` is true, ``int("²")`` fails), and
    only values the database can hold.
    """
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 <= raw <= MAX_ID else None
    text = str(raw or "").strip()
    if not ID_PATTERN.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def has_control_characters(value: str) -> bool:
    """Whether ``value`` holds a NUL byte or another control character."""
    return bool(CONTROL_CHARACTERS.search(value or ""))
