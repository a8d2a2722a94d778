"""The lecturer's own data through the API: teaching, profile and bank account,
through the same selectors and services as the lecturer's site."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.permission_policies.base import ModelPermissionPolicy

from api import examples
from api.serializers import lecturers as s
from portal.accounts import access
from portal.lecturers import selectors, services
from portal.lecturers.models import LecturerProfile

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


# Staff: the lecturer records (師資庫) ------------------------------------------

RECORD = {
    "id": 4, "name": "林志明", "title": "國立政治大學公共行政學系教授",
    "category": "outside", "distance_band": "near",
    "expertise": ["公文寫作", "政策分析"], "email": "lin@example.edu.tw",
    "has_account": True, "has_bank_account": True,
}  # fmt: skip
RECORD_DETAIL = {
    **RECORD,
    "phone": "02-2939-3091", "education": "國立政治大學公共行政博士",
    "experience": "行政院研考會研究員", "bank_account": "700-****-****5678",
    "bank_account_changed_at": "2026-09-01T10:12:00+08:00",
    "teaching_history": [{"year": 2026, "periods": 1, "entries": [TEACHING]}],
    "ratings": {
        "sessions": [{
            "questionnaire": "課後滿意度調查", "session_code": "B00492", "term": 2,
            "course": "公文寫作實務班", "start_date": "2026-12-07",
            "questions": [{"question": "各講座的教學表現", "n": 28, "hidden": False,
                           "mean": 4.61}],
        }],
        "years": [{"year": 2026, "n": 28, "hidden": False, "mean": 4.61}],
        "min_group": 5,
    },
}  # fmt: skip


_RECORDS_POLICY = ModelPermissionPolicy(LecturerProfile)


class CanSeeLecturerRecords(permissions.BasePermission):
    """What opens the admin's Lecturers (師資庫): institute staff (the admin's
    gate) holding any permission on lecturer profiles (Wagtail's index and
    inspect views); trainees, lecturers and HR officers may not."""

    def has_permission(self, request, view):
        user = request.user
        return access.is_institute_staff(
            user
        ) and _RECORDS_POLICY.user_has_any_permission(
            user, ["add", "change", "delete", "view"]
        )


@extend_schema(
    tags=["lecturers"],
    summary="Lecturer records (staff)",
    description="Institute staff with the lecturer records permission. Searched "
    "by name, title or expertise (`q`) and by one expertise tag (`expertise`). "
    "Bank accounts are only said to be on file, never shown here.",
    parameters=[
        OpenApiParameter(
            "q", str, description="Part of the name, the title or an expertise."
        ),
        OpenApiParameter("expertise", str, description="One expertise tag, whole."),
    ],
    examples=[examples.page_of("Lecturers", RECORD)],
)
class LecturerRecordListView(generics.ListAPIView):
    serializer_class = s.LecturerRecordSerializer
    permission_classes = [permissions.IsAuthenticated, CanSeeLecturerRecords]

    def get_queryset(self):
        params = s.LecturerRecordFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.lecturer_profile_list(
            viewer=self.request.user,
            query=params.validated_data.get("q", ""),
            tag=params.validated_data.get("expertise", ""),
        )


@extend_schema(
    tags=["lecturers"],
    summary="One lecturer record (staff)",
    description="The record with its teaching history by year and its "
    "questionnaire ratings; a figure over fewer than `min_group` answers is "
    "hidden. The bank account is shown masked only.",
    responses=s.LecturerRecordDetailSerializer,
    examples=[examples.one("Lecturer", RECORD_DETAIL)],
)
class LecturerRecordDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSeeLecturerRecords]

    def get(self, request, pk):
        viewer = request.user
        profile = selectors.lecturer_profile_get(viewer=viewer, pk=pk)
        profile.teaching_history = selectors.teaching_history(
            viewer=viewer, profile=profile
        )
        profile.ratings = selectors.lecturer_ratings(viewer=viewer, profile=profile)
        return Response(s.LecturerRecordDetailSerializer(profile).data)
