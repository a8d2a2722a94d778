from rest_framework import serializers

from portal.accounts.names import display_name
from portal.feedback.models import (
    BODY_MAX,
    REPLY_MAX,
    SUBJECT_MAX,
    Status,
    Suggestion,
    Topic,
)


class MySuggestionSerializer(serializers.ModelSerializer):
    """A suggestion as its author sees it."""

    session_id = serializers.IntegerField(read_only=True, allow_null=True)
    session_code = serializers.CharField(
        source="session.code", read_only=True, default=None, allow_null=True
    )
    course_title = serializers.CharField(
        source="session.course.title", read_only=True, default=None, allow_null=True
    )
    withdrawable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "session_id",
            "session_code",
            "course_title",
            "topic",
            "subject",
            "body",
            "status",
            "created_at",
            "updated_at",
            "reply",
            "replied_at",
            "published",
            "withdrawable",
        ]


class StaffSuggestionSerializer(MySuggestionSerializer):
    """A suggestion as the staff handling it see it: with its author and the
    words shown on the public board."""

    author = serializers.SerializerMethodField()
    replied_by = serializers.SerializerMethodField()

    class Meta(MySuggestionSerializer.Meta):
        fields = [
            *MySuggestionSerializer.Meta.fields,
            "author",
            "replied_by",
            "public_subject",
            "public_body",
            "published_at",
        ]

    def get_author(self, obj) -> str:
        return display_name(obj.author)

    def get_replied_by(self, obj) -> str:
        return display_name(obj.replied_by) if obj.replied_by_id else ""


class PublishedSuggestionSerializer(serializers.Serializer):
    """A question and reply of the public board: no names, only the words staff
    made safe to show."""

    id = serializers.IntegerField()
    topic = serializers.ChoiceField(choices=Topic.choices)
    course_title = serializers.CharField(
        source="session__course__title", allow_null=True
    )
    subject = serializers.CharField(source="public_subject")
    question = serializers.CharField(source="public_body")
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()


class SuggestionCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A session the author is or was selected for; leave out or null "
        "for a suggestion about the institute's service.",
    )
    topic = serializers.ChoiceField(choices=Topic.choices, default=Topic.OTHER)
    subject = serializers.CharField(max_length=SUBJECT_MAX)
    body = serializers.CharField(max_length=BODY_MAX)


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=REPLY_MAX)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Status.IN_PROGRESS, Status.CLOSED],
        help_text="in_progress (also reopens an answered or closed one) or closed.",
    )


class PublishSerializer(serializers.Serializer):
    published = serializers.BooleanField(
        help_text="true to show it on the public board (or change its words), "
        "false to take it off."
    )
    public_subject = serializers.CharField(
        required=False, allow_blank=True, max_length=SUBJECT_MAX
    )
    public_body = serializers.CharField(
        required=False, allow_blank=True, max_length=BODY_MAX
    )
