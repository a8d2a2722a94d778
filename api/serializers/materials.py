"""Shapes of lecturer material handed in for review."""

from rest_framework import serializers

from cms.core.converters import MAX_ID
from cms.handouts.models import Visibility
from portal.accounts.names import display_name
from portal.lecturers.models import SubmissionStatus


class MaterialSerializer(serializers.Serializer):
    """A submission as its lecturer sees it."""

    id = serializers.IntegerField()
    session_id = serializers.IntegerField()
    session_code = serializers.CharField(source="session.code")
    course_title = serializers.CharField(source="session.course.title")
    title = serializers.CharField()
    note = serializers.CharField()
    filename = serializers.CharField(source="original_filename")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(choices=SubmissionStatus.values)
    submitted_at = serializers.DateTimeField()
    replaced_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    handout_id = serializers.IntegerField(allow_null=True)


class ReviewMaterialSerializer(MaterialSerializer):
    """A submission as its reviewers see it: with the lecturer and reviewer."""

    lecturer = serializers.CharField(source="profile.lecturer.name")
    reviewed_by = serializers.SerializerMethodField()

    def get_reviewed_by(self, submission) -> str:
        return display_name(submission.reviewed_by) if submission.reviewed_by else ""


class MaterialUploadSerializer(serializers.Serializer):
    """A multipart upload; the service checks the session and the file."""

    session = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    title = serializers.CharField(max_length=255)
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MaterialChangeSerializer(serializers.Serializer):
    """While it awaits review: a new title, note or file."""

    title = serializers.CharField(max_length=255, required=False)
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AcceptSerializer(serializers.Serializer):
    visibility = serializers.ChoiceField(
        choices=Visibility.values, default=Visibility.ENROLLED
    )
    title = serializers.CharField(max_length=255, required=False)


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class AcceptedSerializer(serializers.Serializer):
    submission = ReviewMaterialSerializer()
    handout_id = serializers.IntegerField()
