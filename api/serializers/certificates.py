import datetime

from django.utils import timezone
from rest_framework import serializers
from rest_framework.reverse import reverse

from cms.core.converters import MAX_ID
from portal.certificates import responses
from portal.certificates.models import Certificate, CertificateStatus, Language


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate as its holder sees it, with its download and verification links."""

    record_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="holder_name", read_only=True)
    language = serializers.ChoiceField(choices=Language.choices, read_only=True)
    status = serializers.ChoiceField(choices=CertificateStatus.choices, read_only=True)
    valid_until = serializers.DateField(read_only=True, allow_null=True)
    verify_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "record_id",
            "number",
            "language",
            "status",
            "name",
            "course_title",
            "session_code",
            "start_date",
            "end_date",
            "hours",
            "issued_at",
            "expires_at",
            "valid_until",
            "revoked_at",
            "verify_url",
            "pdf_url",
        ]

    def get_verify_url(self, obj) -> str:
        return _absolute(self, responses.verification_path(obj))

    def get_pdf_url(self, obj) -> str | None:
        if obj.revoked_at is not None:
            return None
        return _absolute(self, reverse("api:my-certificate-pdf", args=[obj.pk]))


class StaffCertificateSerializer(CertificateSerializer):
    """A certificate in the staff list: with the trainee's agency and, once
    revoked, the reason; no download link (the PDF is the holder's)."""

    agency = serializers.CharField(
        source="record.agency.name", read_only=True, default=None
    )

    class Meta(CertificateSerializer.Meta):
        fields = [
            *[f for f in CertificateSerializer.Meta.fields if f != "pdf_url"],
            "agency",
            "revoked_reason",
        ]


class CertificateRequestSerializer(serializers.Serializer):
    record = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The training record (see GET /api/v1/me/enrolments/).",
    )
    language = serializers.ChoiceField(choices=Language.choices)


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class VerificationSerializer(serializers.Serializer):
    """What the public may know of a certificate: no other personal data."""

    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    number = serializers.CharField()
    name = serializers.CharField(source="holder_name")
    course_title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    revoked_on = serializers.SerializerMethodField()

    def get_revoked_on(self, obj) -> datetime.date | None:
        return timezone.localdate(obj.revoked_at) if obj.revoked_at else None
