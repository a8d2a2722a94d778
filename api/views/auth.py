"""Tokens: obtain with a username and password, list and revoke your own."""

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import APIToken

from api import examples
from api.serializers import auth as s
from api.throttling import TokenObtainThrottle
from portal.accounts.backends import login_lock
from portal.accounts.login_guard import lock_message


class LoginLocked(exceptions.Throttled):
    """429 with Retry-After: too many wrong passwords for the account or address."""

    default_code = "login_locked"

    def __init__(self, lock):
        super().__init__(wait=lock.retry_after, detail=str(lock_message(lock)))


class TokenObtainView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenObtainThrottle]

    @extend_schema(
        tags=["auth"],
        summary="Obtain a token",
        description="Too many wrong passwords for an account or from an address "
        "lock its sign-ins for a while, growing with each further failure: 429 with "
        "code `login_locked` and `Retry-After` seconds.",
        request=s.TokenRequestSerializer,
        responses={
            201: s.TokenCreatedSerializer,
            400: OpenApiResponse(description="Wrong username or password."),
        },
        examples=[
            examples.one("Created", examples.TOKEN_CREATED),
            OpenApiExample(
                "Trainee",
                value={
                    "username": "trainee",
                    "password": "demo-pass-2026",
                    "name": "手機 App",
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        lock = login_lock(request)
        if user is None and lock is not None:
            raise LoginLocked(lock)
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Wrong username or password.")]}
            )
        token, plaintext = APIToken.create_token(
            user=user, name=data.validated_data["name"]
        )
        body = {
            "id": token.pk,
            "token": plaintext,
            "name": token.name,
            "created": token.created,
        }
        return Response(
            s.TokenCreatedSerializer(body).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=["auth"],
    summary="My tokens",
    examples=[examples.page_of("Tokens", examples.TOKEN)],
    description="Active tokens, without secrets.",
)
class TokenListView(generics.ListAPIView):
    serializer_class = s.TokenSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return APIToken.objects.filter(
            user=self.request.user, revoked_at__isnull=True
        ).order_by("-created")


class TokenRevokeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"], summary="Revoke a token", request=None, responses={204: None}
    )
    def delete(self, request, pk):
        token = get_object_or_404(
            APIToken, pk=pk, user=request.user, revoked_at__isnull=True
        )
        token.revoke()
        return Response(status=status.HTTP_204_NO_CONTENT)
