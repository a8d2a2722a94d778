"""The lecturer's own data through the API: teaching, profile and bank account,
through the same selectors and services as the lecturer's site."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import lecturers as s
from portal.accounts import access
from portal.lecturers import selectors, services

TEACHING = {
    "date": "2026-12-07", "start_time": "09:30:00", "end_time": "12:30:00",
    "topic": "公文格式與用語", "session_id": 42, "session_code": "B00492", "term": 2,
    "course_id": 7, "course_title": "公文寫作實務班", "venue": examples.VENUE,
}  # fmt: skip
PROFILE = {
    "id": 4, "name": "林志明", "title": "國立政治大學公共行政學系教授",
    "category": "outside", "distance_band": "near", "phone": "02-2939-3091",
    "email": "lin@example.edu.tw", "education": "國立政治大學公共行政博士",
    "experience": "行政院研考會研究員", "expertise": ["公文寫作", "政策分析"],
    "bank_account": "700-****-****5678",
    "bank_account_changed_at": "2026-09-01T10:12:00+08:00",
}  # fmt: skip


class IsLecturer(permissions.BasePermission):
    """Accounts in the Lecturers role; the selector then needs a linked profile."""

    def has_permission(self, request, view):
        return access.is_lecturer(request.user)


@extend_schema(
    tags=["lecturers"],
    summary="My teaching",
    description="The timetable periods the signed-in lecturer teaches, oldest "
    "first; only lecturers, and only their own.",
    examples=[examples.page_of("Teaching", TEACHING)],
)
class MyTeachingView(generics.ListAPIView):
    serializer_class = s.TeachingSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def get_queryset(self):
        viewer = self.request.user
        profile = selectors.my_lecturer_profile(viewer=viewer)
        return selectors.teaching_list(viewer=viewer, profile=profile)


class MyLecturerProfileView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def _profile(self, request):
        return selectors.my_lecturer_profile(viewer=request.user)

    @extend_schema(
        tags=["lecturers"],
        summary="My lecturer profile",
        description="The bank account is shown masked.",
        responses=s.LecturerProfileSerializer,
        examples=[examples.one("Profile", PROFILE)],
    )
    def get(self, request):
        return Response(s.LecturerProfileSerializer(self._profile(request)).data)

    @extend_schema(
        tags=["lecturers"],
        summary="Edit my lecturer profile",
        description="Contact, education, experience and expertise; the category, "
        "distance band and bank account are not changed here.",
        request=s.LecturerProfileSerializer,
        responses={
            200: s.LecturerProfileSerializer,
            400: OpenApiResponse(description="Refused, with why, per field."),
        },
        examples=[examples.one("Profile", PROFILE)],
    )
    def patch(self, request):
        profile = self._profile(request)
        body = s.LecturerProfileSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expertise = data.pop("expertise", None)
        profile = services.lecturer_profile_update(
            profile=profile, user=request.user, data=data, expertise=expertise
        )
        return Response(s.LecturerProfileSerializer(profile).data)


@extend_schema(
    tags=["lecturers"],
    summary="Change my bank account",
    description="Only the lecturer changes it; it is sealed at rest, the change "
    "is recorded and an e-mail notice is sent. The answer shows it masked.",
    request=s.BankAccountChangeSerializer,
    responses={
        200: s.BankAccountChangedSerializer,
        400: OpenApiResponse(description="Refused, with why, per field."),
    },
    examples=[
        OpenApiExample(
            "Changed",
            value={
                "bank_account": "700-****-****5678",
                "changed_at": "2026-09-01T10:12:00+08:00",
            },
            response_only=True,
        )
    ],
)
class MyBankAccountView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def post(self, request):
        profile = selectors.my_lecturer_profile(viewer=request.user)
        body = s.BankAccountChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.lecturer_bank_account_change(
            profile=profile, user=request.user, **body.validated_data
        )
        return Response(
            s.BankAccountChangedSerializer(
                {"bank_account": change.new_masked, "changed_at": change.changed_at}
            ).data
        )
