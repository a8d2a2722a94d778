from rest_framework import serializers

from portal.authorizations.models import Authorization


class AuthorizationSerializer(serializers.ModelSerializer):
    lecturer = serializers.CharField(source="lecturer.name", read_only=True)
    session_code = serializers.CharField(
        source="session.code", read_only=True, default=None
    )
    course_title = serializers.CharField(
        source="session.course.title", read_only=True, default=None
    )
    materials = serializers.SerializerMethodField()
    scopes = serializers.ListField(child=serializers.CharField(), read_only=True)
    state = serializers.SerializerMethodField()
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Authorization
        fields = [
            "id",
            "reference",
            "lecturer",
            "session_code",
            "course_title",
            "materials",
            "scopes",
            "valid_from",
            "valid_until",
            "conditions",
            "status",
            "state",
            "source",
            "sent_at",
            "signed_at",
            "signer_name",
            "consent_sha256",
            "withdrawn_at",
            "withdrawal_reason",
            "has_document",
        ]

    def get_materials(self, obj) -> list[dict]:
        return [{"id": m.pk, "title": m.title} for m in obj.materials.all()]

    def get_state(self, obj) -> str:
        return str(obj.state_label())

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class AuthorizationTextSerializer(AuthorizationSerializer):
    """One authorization with the text to sign and its SHA-256 (send it back)."""

    text = serializers.CharField(read_only=True)
    text_sha256 = serializers.CharField(read_only=True)

    class Meta(AuthorizationSerializer.Meta):
        fields = [*AuthorizationSerializer.Meta.fields, "text", "text_sha256"]


class SignSerializer(serializers.Serializer):
    signer_name = serializers.CharField(max_length=80)
    consent = serializers.BooleanField()
    text_sha256 = serializers.CharField(max_length=64)
    signature_png = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The drawn signature as a data URL (data:image/png;base64,...).",
    )
    typed_signature = serializers.CharField(
        required=False, allow_blank=True, max_length=80
    )


class AuthorizationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
