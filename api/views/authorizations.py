"""Material authorizations through the API: the lecturer's (read, sign, decline,
withdraw, the sealed PDF) and the staff register. Same selectors and services
as the site and the admin."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import authorizations as s
from cms.core.net import client_ip
from portal.accounts import access
from portal.authorizations import responses, selectors, services, wording
from portal.authorizations.forms import signature_from_data_url

AUTHORIZATION = {
    "id": 7, "reference": "AUTH-2026-000007", "lecturer": "林志明",
    "session_code": "B00492", "course_title": "公文寫作實務班",
    "materials": [{"id": 31, "title": "公文寫作講義"}],
    "scopes": ["class", "site"], "valid_from": "2026-03-01", "valid_until": None,
    "conditions": "", "status": "pending",
    "state": "Waiting for the lecturer's signature", "source": "electronic",
    "sent_at": "2026-02-20T09:00:00+08:00", "signed_at": None, "signer_name": "",
    "consent_sha256": "", "withdrawn_at": None, "withdrawal_reason": "",
    "has_document": False,
}  # fmt: skip
WITH_TEXT = {
    **AUTHORIZATION,
    "text": "Authorization of teaching material\nLecturer: 林志明\n…",
    "text_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
}


class IsLecturer(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_lecturer(request.user)


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_institute_staff(request.user)


def _with_text(authorization):
    text = wording.consent_text(authorization, institute=services.institute_name())
    authorization.text = text
    authorization.text_sha256 = wording.text_sha256(text)
    return s.AuthorizationTextSerializer(authorization).data


@extend_schema(
    tags=["authorizations"],
    summary="My material authorizations",
    examples=[examples.page_of("Authorizations", AUTHORIZATION)],
)
class MyAuthorizationListView(generics.ListAPIView):
    serializer_class = s.AuthorizationSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def get_queryset(self):
        return selectors.my_authorization_list(viewer=self.request.user)


class MyAuthorizationDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["authorizations"],
        summary="One of my authorizations, with the text to sign",
        description="Send `text_sha256` back when signing: it proves which text "
        "you agreed to.",
        responses={200: s.AuthorizationTextSerializer},
        examples=[examples.one("Authorization", WITH_TEXT)],
    )
    def get(self, request, pk):
        authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
        return Response(_with_text(authorization))


class MyAuthorizationSignView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["authorizations"],
        summary="Sign an authorization",
        description="Explicit consent, the text's SHA-256 as read, and a drawn "
        "signature (PNG data URL) or a typed one. The PDF is sealed by the "
        "institute.",
        request=s.SignSerializer,
        responses={
            200: s.AuthorizationSerializer,
            400: OpenApiResponse(description="Not waiting, no consent, no "
            "signature, or the text changed."),
        },
        examples=[
            examples.one(
                "Signed",
                {**AUTHORIZATION, "status": "signed", "state": "Signed",
                 "signed_at": "2026-02-21T10:00:00+08:00", "signer_name": "林志明",
                 "has_document": True},
            )
        ],
    )  # fmt: skip
    def post(self, request, pk):
        authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
        body = s.SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            png = signature_from_data_url(data.get("signature_png", ""))
        except ValueError as error:
            raise exceptions.ValidationError(
                {"signature_png": [_("The signature could not be read.")]}
            ) from error
        signed = services.authorization_sign(
            authorization=authorization,
            user=request.user,
            signer_name=data["signer_name"],
            consent=data["consent"],
            text_sha256=data["text_sha256"],
            signature_png=png,
            typed_signature=data.get("typed_signature", ""),
            ip_address=client_ip(request),
        )
        return Response(s.AuthorizationSerializer(signed).data)


class MyAuthorizationDeclineView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["authorizations"],
        summary="Decline to sign",
        request=s.AuthorizationReasonSerializer,
        responses={200: s.AuthorizationSerializer, 400: OpenApiResponse()},
        examples=[
            examples.one(
                "Declined",
                {**AUTHORIZATION, "status": "declined",
                 "state": "Declined by the lecturer"},
            )
        ],
    )  # fmt: skip
    def post(self, request, pk):
        authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
        body = s.AuthorizationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        declined = services.authorization_decline(
            authorization=authorization,
            user=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        return Response(s.AuthorizationSerializer(declined).data)


class MyAuthorizationWithdrawView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["authorizations"],
        summary="Withdraw a signed authorization (for the future)",
        request=s.AuthorizationReasonSerializer,
        responses={200: s.AuthorizationSerializer, 400: OpenApiResponse()},
        examples=[
            examples.one(
                "Withdrawn",
                {**AUTHORIZATION, "status": "withdrawn", "state": "Withdrawn",
                 "signed_at": "2026-02-21T10:00:00+08:00", "signer_name": "林志明",
                 "withdrawn_at": "2026-05-02T08:30:00+08:00", "has_document": True},
            )
        ],
    )  # fmt: skip
    def post(self, request, pk):
        authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
        body = s.AuthorizationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        withdrawn = services.authorization_withdraw(
            authorization=authorization,
            actor=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        return Response(s.AuthorizationSerializer(withdrawn).data)


class MyAuthorizationDocumentView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["authorizations"],
        summary="The sealed PDF of a signed authorization",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Not yours, or not signed."),
        },
    )
    def get(self, request, pk):
        authorization = selectors.my_authorization_get(viewer=request.user, pk=pk)
        return responses.sealed_pdf(authorization)


@extend_schema(
    tags=["authorizations"],
    summary="The authorization register (staff)",
    parameters=[
        OpenApiParameter("q", str, description="Reference, lecturer, course, material"),
        OpenApiParameter(
            "status",
            str,
            description="The state; expired means signed with its period over",
            enum=["draft", "pending", "signed", "declined", "withdrawn", "expired"],
        ),
        OpenApiParameter(
            "scope",
            str,
            enum=["class", "site", "recording", "licensing"],
            description="Only those allowing this use",
        ),
    ],
    examples=[examples.page_of("Register", AUTHORIZATION)],
)
class AuthorizationRegisterView(generics.ListAPIView):
    serializer_class = s.AuthorizationSerializer
    permission_classes = [permissions.IsAuthenticated, IsStaff]

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in {
            "draft", "pending", "signed", "declined", "withdrawn", "expired",
        }:  # fmt: skip
            raise exceptions.ValidationError({"status": [_("Unknown status.")]})
        return selectors.authorization_list(
            viewer=self.request.user,
            status=status,
            scope=params.get("scope", ""),
            query=params.get("q", "")[:100],
        )


@extend_schema(
    tags=["authorizations"],
    summary="One authorization of the register (staff)",
    examples=[examples.one("Authorization", AUTHORIZATION)],
)
class AuthorizationDetailView(generics.RetrieveAPIView):
    serializer_class = s.AuthorizationSerializer
    permission_classes = [permissions.IsAuthenticated, IsStaff]

    def get_object(self):
        return selectors.authorization_get(
            viewer=self.request.user, pk=self.kwargs["pk"]
        )
