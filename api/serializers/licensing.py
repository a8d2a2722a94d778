"""Shapes of material licensing: materials, applications and their steps."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import IdField


class LicensableMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    course_id = serializers.IntegerField(allow_null=True)
    course_title = serializers.CharField(
        source="course.title", allow_null=True, default=None
    )


class LicenseEventSerializer(serializers.Serializer):
    status = serializers.CharField(source="to_status")
    at = serializers.DateTimeField()
    note = serializers.CharField()


class LicenseDownloadLinkSerializer(serializers.Serializer):
    material_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class LicenseApplicationSerializer(serializers.Serializer):
    reference = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    applicant = serializers.CharField(source="applicant.get_username")
    status = serializers.ChoiceField(
        choices=["submitted", "under_review", "approved", "refused", "granted"]
    )
    materials = LicensableMaterialSerializer(many=True, source="materials.all")
    purpose = serializers.CharField()
    audience = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    users_count = serializers.IntegerField()
    conditions = serializers.CharField()
    refusal_reason = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    granted_at = serializers.DateTimeField(allow_null=True)
    links_expire_at = serializers.DateTimeField(allow_null=True)
    events = LicenseEventSerializer(many=True, source="events.all")
    download_links = serializers.SerializerMethodField()

    @extend_schema_field(LicenseDownloadLinkSerializer(many=True))
    def get_download_links(self, obj):
        """Only for the applicant, while the license's links are active."""
        return self.context.get("links", {}).get(obj.pk, [])


class LicenseApplySerializer(serializers.Serializer):
    materials = serializers.ListField(
        child=IdField(),
        allow_empty=False,
        help_text="Ids from GET /licensing/materials/.",
    )
    purpose = serializers.CharField(max_length=2000)
    audience = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    users_count = serializers.IntegerField(min_value=1, max_value=1_000_000)
    terms_accepted = serializers.BooleanField(
        help_text="Must be true: the terms on the application page are accepted."
    )


class LicenseTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=["under_review", "approved", "refused", "granted"],
        help_text="The next step: submitted → under_review → approved → granted; "
        "refused from any step before granted.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Conditions when approving; the reason when refusing (required).",
    )
