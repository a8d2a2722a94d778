"""Lecturer material through the API: the lecturer hands in, replaces, withdraws
and downloads their own; organizers list, download, accept and return the
material of the sessions they run. Same selectors and services as the
lecturer's site and the admin."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import materials as s
from api.views.lecturers import IsLecturer
from portal.lecturers import selectors, services
from portal.lecturers.models import SubmissionStatus
from portal.lecturers.responses import submission_attachment

MATERIAL = {
    "id": 8, "session_id": 42, "session_code": "B00492",
    "course_title": "公文寫作實務班", "title": "公文格式講義", "note": "第二節使用",
    "filename": "公文格式.pdf", "size": 482133,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "status": "submitted", "submitted_at": "2026-11-20T09:12:00+08:00",
    "replaced_at": None, "withdrawn_at": None, "reviewed_at": None,
    "review_comment": "", "handout_id": None,
}  # fmt: skip
REVIEW_MATERIAL = {**MATERIAL, "lecturer": "林志明", "reviewed_by": ""}
ACCEPTED = {
    "submission": {
        **REVIEW_MATERIAL,
        "status": "accepted",
        "reviewed_at": "2026-11-21T10:00:00+08:00",
        "reviewed_by": "陳承辦",
        "handout_id": 311,
    },
    "handout_id": 311,
}
RETURNED = {
    **REVIEW_MATERIAL,
    "status": "returned",
    "reviewed_at": "2026-11-21T10:00:00+08:00",
    "reviewed_by": "陳承辦",
    "review_comment": "第 3 頁的表格缺少資料來源，請補上後重新上傳。",
}
FILE_RESPONSE = {
    (200, "*/*"): OpenApiResponse(
        bytes, description="The file as handed in, as an attachment."
    ),
}
STATUS_PARAMETER = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    enum=SubmissionStatus.values,
    description="Only submissions in this state.",
)


class IsReviewer(permissions.BasePermission):
    """Organizers, and staff given the review permission."""

    def has_permission(self, request, view):
        return selectors.may_review_materials(request.user)


def _status(request):
    value = request.query_params.get("status", "")
    if value and value not in SubmissionStatus.values:
        raise exceptions.ValidationError(
            {"status": [_("Not a status of lecturer material.")]}
        )
    return value or None


@extend_schema(tags=["lecturers"], parameters=[STATUS_PARAMETER])
class MyMaterialListView(generics.ListAPIView):
    serializer_class = s.MaterialSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.my_material_list(
            viewer=self.request.user, status=_status(self.request)
        )

    @extend_schema(
        summary="My material handed in for review",
        description="Newest first; only lecturers, and only their own.",
        examples=[examples.page_of("Materials", MATERIAL)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Hand in material for a session I teach",
        description="A multipart upload. The session must be one the lecturer "
        "teaches, not cancelled and not ended more than 30 days ago; the file "
        "keeps the handout upload rules (types, size, no macros or scripts). "
        "It waits for the organizer's review.",
        request={"multipart/form-data": s.MaterialUploadSerializer},
        responses={
            201: s.MaterialSerializer,
            400: OpenApiResponse(description="Refused, with why, per field."),
        },
        examples=[examples.one("Handed in", MATERIAL)],
    )
    def post(self, request):
        profile = selectors.my_lecturer_profile(viewer=request.user)
        body = s.MaterialUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        submission = services.material_submission_create(
            profile=profile,
            user=request.user,
            session=selectors.material_session_get(pk=data["session"]),
            title=data["title"],
            file=data["file"],
            note=data.get("note", ""),
        )
        submission = selectors.my_material_get(viewer=request.user, pk=submission.pk)
        return Response(
            s.MaterialSerializer(submission).data, status=status.HTTP_201_CREATED
        )


class MyMaterialDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["lecturers"],
        summary="One of my materials",
        responses=s.MaterialSerializer,
        examples=[examples.one("Material", MATERIAL)],
    )
    def get(self, request, pk):
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        return Response(s.MaterialSerializer(submission).data)

    @extend_schema(
        tags=["lecturers"],
        summary="Change my material while it awaits review",
        description="A multipart request with any of a new title, note or file.",
        request={"multipart/form-data": s.MaterialChangeSerializer},
        responses={
            200: s.MaterialSerializer,
            400: OpenApiResponse(description="Refused, or no longer awaiting review."),
        },
        examples=[examples.one("Changed", MATERIAL)],
    )
    def patch(self, request, pk):
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        body = s.MaterialChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.material_submission_replace(
            submission=submission, user=request.user, **body.validated_data
        )
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        return Response(s.MaterialSerializer(submission).data)

    @extend_schema(
        tags=["lecturers"],
        summary="Withdraw my material",
        description="Only while it awaits review; the record stays, withdrawn.",
        responses={
            200: s.MaterialSerializer,
            400: OpenApiResponse(description="No longer awaiting review."),
        },
        examples=[
            examples.one(
                "Withdrawn",
                {
                    **MATERIAL,
                    "status": "withdrawn",
                    "withdrawn_at": "2026-11-20T10:00:00+08:00",
                },
            )
        ],
    )
    def delete(self, request, pk):
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        services.material_submission_withdraw(submission=submission, user=request.user)
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        return Response(s.MaterialSerializer(submission).data)


class MyMaterialDownloadView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["lecturers"],
        summary="Download my material",
        responses=FILE_RESPONSE,
    )
    def get(self, request, pk):
        submission = selectors.my_material_get(viewer=request.user, pk=pk)
        return submission_attachment(submission)


@extend_schema(
    tags=["lecturers"],
    summary="Lecturer material to review (organizers)",
    description="The material of the sessions the viewer runs; with "
    "status=submitted, the oldest waiting first.",
    parameters=[
        STATUS_PARAMETER,
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="Title, lecturer, session or course."
        ),
    ],
    examples=[examples.page_of("Materials", REVIEW_MATERIAL)],
)
class MaterialReviewListView(generics.ListAPIView):
    serializer_class = s.ReviewMaterialSerializer
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    def get_queryset(self):
        return selectors.material_review_list(
            viewer=self.request.user,
            status=_status(self.request),
            query=self.request.query_params.get("q", ""),
        )


class MaterialReviewDownloadView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(
        tags=["lecturers"],
        summary="Download material under review (organizers)",
        responses=FILE_RESPONSE,
    )
    def get(self, request, pk):
        submission = selectors.material_review_get(viewer=request.user, pk=pk)
        return submission_attachment(submission)


class MaterialAcceptView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(
        tags=["lecturers"],
        summary="Accept material as a handout (organizers)",
        description="Makes a handout of the session from a copy of the file, with "
        "the lecturer as its author and the visibility given (enrolled trainees by "
        "default). Material no longer awaiting review (accepted, returned, "
        "withdrawn) is refused with 400.",
        request=s.AcceptSerializer,
        responses={
            200: s.AcceptedSerializer,
            400: OpenApiResponse(description="Not awaiting review, or invalid."),
        },
        examples=[examples.one("Accepted", ACCEPTED)],
    )
    def post(self, request, pk):
        submission = selectors.material_review_get(viewer=request.user, pk=pk)
        body = s.AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        handout = services.material_submission_accept(
            submission=submission, reviewer=request.user, **body.validated_data
        )
        submission = selectors.material_review_get(viewer=request.user, pk=pk)
        return Response(
            s.AcceptedSerializer(
                {"submission": submission, "handout_id": handout.pk}
            ).data
        )


class MaterialReturnView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    @extend_schema(
        tags=["lecturers"],
        summary="Return material to its lecturer (organizers)",
        description="With a comment saying why (required); the lecturer sees it "
        "and may hand in a corrected file.",
        request=s.ReturnSerializer,
        responses={
            200: s.ReviewMaterialSerializer,
            400: OpenApiResponse(description="No comment, or not awaiting review."),
        },
        examples=[examples.one("Returned", RETURNED)],
    )
    def post(self, request, pk):
        submission = selectors.material_review_get(viewer=request.user, pk=pk)
        body = s.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.material_submission_return(
            submission=submission,
            reviewer=request.user,
            comment=body.validated_data["comment"],
        )
        submission = selectors.material_review_get(viewer=request.user, pk=pk)
        return Response(s.ReviewMaterialSerializer(submission).data)
