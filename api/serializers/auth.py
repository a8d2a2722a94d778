"""Shapes of API tokens: the request for one, the token shown once, the list."""

from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=255,
        required=False,
        default="API",
        help_text="A label for this token.",
    )


class TokenCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    token = serializers.CharField(
        help_text="Shown once; send as `Authorization: Bearer <token>`."
    )
    name = serializers.CharField()
    created = serializers.DateTimeField()


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    created = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
