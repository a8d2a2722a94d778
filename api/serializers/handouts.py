"""Shapes of handouts: a course's handout list and a signed download link."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class HandoutSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="handout.id")
    title = serializers.CharField(source="handout.title")
    file_extension = serializers.CharField(source="handout.file_extension")
    file_size = serializers.IntegerField(source="handout.file_size", allow_null=True)
    visibility = serializers.CharField(source="handout.visibility")
    session_id = serializers.IntegerField(source="handout.session_id", allow_null=True)
    can_download = serializers.BooleanField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.URLField(
            allow_null=True, help_text="Null when the caller may not download it."
        )
    )
    def get_download_url(self, item) -> str | None:
        if not item.can_download:
            return None
        path = reverse("api:handout-download", args=[item.handout.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class HandoutLinkSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Works without headers until it expires.")
    expires_at = serializers.DateTimeField()
