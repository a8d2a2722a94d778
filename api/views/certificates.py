"""Training certificates through the API: the trainee's own (list, ask for one,
the PDF), the staff list and revocation, and the public verification of a
code. Same selectors and services as the site and the admin."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import certificates as s
from api.throttling import AnonThrottle, UserThrottle
from cms.core.converters import parse_id
from portal.certificates import responses, selectors, services
from portal.certificates.models import CertificateStatus

CERTIFICATE = {
    "id": 12, "record_id": 5, "number": "C2026-000012", "language": "zh-hant",
    "status": "valid", "name": "王小明", "course_title": "公文寫作實務班",
    "session_code": "B00492", "start_date": "2026-12-07", "end_date": "2026-12-08",
    "hours": "12.0", "issued_at": "2026-12-09T02:00:00+08:00", "expires_at": None,
    "valid_until": None, "revoked_at": None,
    "verify_url": "https://learn.example.gov.tw/certificates/verify/"
    "C2026-000012-K7QFM2XAPL3R4T5W/",
    "pdf_url": "https://learn.example.gov.tw/api/v1/me/certificates/12/pdf/",
}  # fmt: skip
STAFF_CERTIFICATE = {
    **{k: v for k, v in CERTIFICATE.items() if k != "pdf_url"},
    "agency": "資訊局業務一科",
    "revoked_reason": "",
}
VERIFICATION = {
    "status": "valid", "number": "C2026-000012", "name": "王小明",
    "course_title": "公文寫作實務班", "hours": "12.0", "start_date": "2026-12-07",
    "end_date": "2026-12-08", "valid_until": None, "revoked_on": None,
}  # fmt: skip
CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The verification code printed beside the certificate's QR code: "
    "its number and a signature, e.g. C2026-000012-K7QFM2XAPL3R4T5W.",
)


class Refused(exceptions.APIException):
    """400: the training earns no certificate; the code says which rule."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


class CanListCertificates(permissions.BasePermission):
    """Institute staff, and HR officers (who see their agency's people)."""

    def has_permission(self, request, view):
        return selectors.can_list_certificates(request.user)


class CanManageCertificates(permissions.BasePermission):
    def has_permission(self, request, view):
        return selectors.can_manage_certificates(request.user)


class MyCertificatesView(generics.ListAPIView):
    serializer_class = s.CertificateSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.my_certificate_list(viewer=self.request.user)

    @extend_schema(
        tags=["certificates"],
        summary="My certificates",
        description="Certificates of the signed-in trainee's completed trainings, "
        "latest training first, revoked ones included (without a PDF link).",
        examples=[examples.page_of("Certificates", CERTIFICATE)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["certificates"],
        summary="Ask for a certificate",
        description="Issue a certificate of one of my completed trainings in a "
        "language: 201 when issued now, 200 with the one already issued. 400 "
        "when the training earns none yet, with the rule's code: `not_completed`, "
        "`session_not_over` (before the session's last day), "
        "`online_part_unfinished` (a blended course's e-learning), `no_hours` or "
        "`revoked_ask_organizer` (a revoked certificate only an organizer issues "
        "again).",
        request=s.CertificateRequestSerializer,
        responses={
            201: s.CertificateSerializer,
            200: s.CertificateSerializer,
            400: OpenApiResponse(description="The training earns no certificate."),
            404: OpenApiResponse(description="Not one of my trainings."),
        },
        examples=[examples.one("Issued", CERTIFICATE)],
    )
    def post(self, request):
        body = s.CertificateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        language = body.validated_data["language"]
        record = selectors.my_record_get(
            viewer=request.user, pk=body.validated_data["record"]
        )
        existed = (
            selectors.my_certificate_list(viewer=request.user)
            .filter(record=record, language=language, revoked_at__isnull=True)
            .exists()
        )
        try:
            certificate = services.certificate_issue(
                record=record, language=language, actor=request.user
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            # The rule's own code (not_completed, online_part_unfinished, ...).
            raise Refused(
                " ".join(error.messages), code=error.error_list[0].code
            ) from error
        return Response(
            s.CertificateSerializer(certificate, context={"request": request}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class MyCertificatePdfView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["certificates"],
        summary="The PDF of one of my certificates",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Not mine, or revoked."),
        },
    )
    def get(self, request, pk):
        certificate = selectors.my_certificate_get(viewer=request.user, pk=pk)
        return responses.certificate_pdf(certificate)


@extend_schema(
    tags=["certificates"],
    summary="Certificates (staff, HR officers)",
    description="Institute staff see every certificate, an HR officer those of "
    "their agency's people.",
    parameters=[
        OpenApiParameter(
            "session", int, description="Only the certificates of this session"
        ),
        OpenApiParameter(
            "status",
            str,
            enum=CertificateStatus.values,
            description="Only valid, revoked or expired certificates",
        ),
    ],
    examples=[examples.page_of("Certificates", STAFF_CERTIFICATE)],
)
class CertificateListView(generics.ListAPIView):
    serializer_class = s.StaffCertificateSerializer
    permission_classes = [permissions.IsAuthenticated, CanListCertificates]

    def get_queryset(self):
        params = self.request.query_params
        session_id = None
        if params.get("session"):
            session_id = parse_id(params["session"])
            if session_id is None:
                raise exceptions.ValidationError({"session": [_("Give a session id.")]})
        certificate_status = params.get("status", "")
        if certificate_status and certificate_status not in CertificateStatus.values:
            raise exceptions.ValidationError({"status": [_("Unknown status.")]})
        return selectors.certificate_list(
            viewer=self.request.user, session_id=session_id, status=certificate_status
        )


class CertificateRevokeView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanManageCertificates]

    @extend_schema(
        tags=["certificates"],
        summary="Revoke a certificate (organizers)",
        description="The reason is kept for staff; the public verification says "
        "only that, and when, it was revoked. Revoking again changes nothing.",
        request=s.RevokeSerializer,
        responses={200: s.StaffCertificateSerializer, 400: OpenApiResponse()},
        examples=[
            examples.one(
                "Revoked",
                {**STAFF_CERTIFICATE, "status": "revoked",
                 "revoked_at": "2026-12-20T10:00:00+08:00",
                 "revoked_reason": "時數登錄錯誤，更正後重新核發"},
            )
        ],
    )  # fmt: skip
    def post(self, request, pk):
        certificate = selectors.certificate_get(viewer=request.user, pk=pk)
        body = s.RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revoked = services.certificate_revoke(
            certificate=certificate,
            actor=request.user,
            reason=body.validated_data["reason"],
        )
        return Response(
            s.StaffCertificateSerializer(revoked, context={"request": request}).data
        )


class CertificateVerifyView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]

    @extend_schema(
        tags=["certificates"],
        summary="Verify a certificate (public)",
        description="Whether the certificate of a verification code is valid, "
        "revoked (and on which day) or expired, with what it certifies: the name, "
        "course, hours, session dates and number, nothing else. A made-up or "
        "altered code is 404, as is an unknown one.",
        parameters=[CODE],
        responses={
            200: s.VerificationSerializer,
            404: OpenApiResponse(description="Not a genuine verification code."),
        },
        examples=[
            examples.one("Valid", VERIFICATION),
            examples.one(
                "Revoked",
                {**VERIFICATION, "status": "revoked", "revoked_on": "2026-12-20"},
            ),
        ],
    )
    def get(self, request, code):
        certificate = selectors.certificate_verify(code=code)
        if certificate is None:
            raise exceptions.NotFound(
                _("This verification code is not valid."), code="certificate_not_found"
            )
        return Response(s.VerificationSerializer(certificate).data)
