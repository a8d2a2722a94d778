"""Fields that the serializers of several domains share."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.core.converters import MAX_ID


class IdField(serializers.IntegerField):
    """An identifier sent by a client: 1 to 2**63 - 1, what an id column holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
        "example": "09:30:00",
        "description": "Wall-clock time at the venue (Asia/Taipei), without an "
        "offset: HH:MM:SS.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day in the institute's time zone.

    Not typed ``format: time``: RFC 3339's full-time needs an offset, and a
    timetable's 09:30 is a local time, not an instant.
    """
