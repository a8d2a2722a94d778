"""Shapes of the study-hour uploads (batches, rows, previews, result reports)."""

from rest_framework import serializers

from portal.hour_uploads import profiles
from portal.hour_uploads.models import RowStatus, UploadBatch


class ProfileSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="portal@version, e.g. lifelong@2026.1.")
    portal = serializers.CharField()
    version = serializers.CharField()
    label = serializers.CharField()
    encoding = serializers.CharField(source="encoding_label")
    row_limit = serializers.IntegerField(help_text="Rows a file holds at most.")
    headers = serializers.ListField(child=serializers.CharField())


class ProblemSerializer(serializers.Serializer):
    record = serializers.IntegerField(help_text="The training record's id.")
    name = serializers.CharField()
    session = serializers.CharField(help_text="The session code.")
    message = serializers.CharField(help_text="Why it is left out.")


class PreviewSerializer(serializers.Serializer):
    profile = serializers.CharField(source="profile.key")
    year = serializers.IntegerField()
    rows = serializers.SerializerMethodField()
    files = serializers.IntegerField(source="file_count")
    session_ids = serializers.ListField(child=serializers.IntegerField())
    problems = serializers.SerializerMethodField(
        help_text="Records that cannot be written, with why."
    )
    skipped = serializers.SerializerMethodField(
        help_text="Records accepted or awaiting a result in an earlier upload."
    )

    def get_rows(self, preview) -> int:
        return len(preview.lines)

    def get_problems(self, preview) -> list[dict]:
        return [p.as_dict() for p in preview.problems]

    def get_skipped(self, preview) -> list[dict]:
        return [p.as_dict() for p in preview.skipped]


class BatchRequestSerializer(serializers.Serializer):
    profile = serializers.ChoiceField(
        choices=[p.key for p in profiles.CURRENT], help_text="The profile's key."
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    sessions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=2000,
        help_text="Session ids; left out: every session of the year.",
    )
    reupload = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Send again records accepted or awaiting a result.",
    )

    def arguments(self) -> dict:
        data = self.validated_data
        return {
            "profile_key": data["profile"],
            "year": data["year"],
            "session_ids": data.get("sessions") or None,
            "reupload": data.get("reupload", False),
        }


class BatchSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", allow_null=True)
    session_ids = serializers.SerializerMethodField()
    accepted = serializers.IntegerField()
    refused = serializers.IntegerField()
    problems = ProblemSerializer(many=True)

    class Meta:
        model = UploadBatch
        fields = [
            "id", "profile", "portal", "year", "agency_code", "session_ids",
            "created_by_name", "created_at", "row_count", "file_count", "accepted",
            "refused", "problems", "downloads", "result_imported_at",
            "result_filename",
        ]  # fmt: skip

    def get_session_ids(self, batch) -> list[int]:
        return sorted(s.pk for s in batch.sessions.all())


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file = serializers.IntegerField(source="file_number")
    line = serializers.IntegerField(source="line_number", help_text="After the header.")
    record_id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    national_id_masked = serializers.CharField(source="person.national_id_masked")
    session_code = serializers.CharField(source="record.session.code")
    status = serializers.ChoiceField(choices=RowStatus.choices)
    message = serializers.CharField(help_text="The portal's message.")


class ResultUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The portal's result file (CSV).")


class UnknownLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    id = serializers.CharField(help_text="Masked.")
    code = serializers.CharField()
    term = serializers.CharField()


class ResultReportSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Rows newly marked accepted.")
    refused = serializers.IntegerField(help_text="Rows newly marked refused.")
    unchanged = serializers.IntegerField(help_text="Rows the file left as they were.")
    unknown = UnknownLineSerializer(many=True, help_text="Lines this upload lacks.")
