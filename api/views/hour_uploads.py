"""Study-hour uploads to the national portals for programs: the same selectors
and services as the site's 上傳檔 page. HR officers (their agency) and institute
staff (all)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import hour_uploads as s
from api.views.people import IsAgencyViewer
from portal.hour_uploads import profiles, selectors, services
from portal.hour_uploads.models import RowStatus

TAGS = ["study-hour uploads"]
PROBLEM = {"record": 118, "name": "張無號", "session": "B00492",
           "message": "No national ID on file."}  # fmt: skip
BATCH = {
    "id": 12, "profile": "lifelong@2026.1", "portal": "lifelong", "year": 2026,
    "agency_code": "379130000A", "session_ids": [42, 57],
    "created_by_name": "hr_a", "created_at": "2026-12-10T09:30:00+08:00",
    "row_count": 318, "file_count": 1, "accepted": 315, "refused": 2,
    "problems": [PROBLEM], "downloads": 1,
    "result_imported_at": "2026-12-12T14:05:00+08:00",
    "result_filename": "result-12.csv",
}  # fmt: skip
PREVIEW = {"profile": "lifelong@2026.1", "year": 2026, "rows": 318, "files": 1,
           "session_ids": [42, 57], "problems": [PROBLEM],
           "skipped": [{"record": 97, "name": "王小明", "session": "B00410",
                        "message": "Accepted in upload #9."}]}  # fmt: skip
ROW = {"id": 3301, "file": 1, "line": 12, "record_id": 4410, "name": "李大同",
       "national_id_masked": "A*******93", "session_code": "B00492",
       "status": "refused", "message": "課程類別代碼錯誤"}  # fmt: skip
REPORT = {"accepted": 315, "refused": 2, "unchanged": 0,
          "unknown": [{"line": 320, "id": "A*******01", "code": "B99999",
                       "term": "1"}]}  # fmt: skip


class PreviewParameters(serializers.Serializer):
    profile = serializers.ChoiceField(choices=[p.key for p in profiles.CURRENT])
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    sessions = serializers.CharField(required=False, max_length=4000)
    reupload = serializers.BooleanField(required=False, default=False)

    def validate_sessions(self, value):
        try:
            ids = [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise serializers.ValidationError("Comma-separated session ids.") from None
        if any(not 0 < pk < 2**63 for pk in ids):
            raise serializers.ValidationError("Comma-separated session ids.")
        return ids


@extend_schema(
    tags=TAGS,
    summary="Upload profiles: each portal's format and version",
    examples=[
        examples.one(
            "Profiles",
            [
                {
                    "key": "lifelong@2026.1",
                    "portal": "lifelong",
                    "version": "2026.1",
                    "label": "公務人員終身學習入口網站",
                    "encoding": "Big5",
                    "row_limit": 3000,
                    "headers": ["身分證字號", "課程名稱", "…"],
                }
            ],
        )
    ],  # fmt: skip
)
class ProfileListView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]
    pagination_class = None

    @extend_schema(responses=s.ProfileSerializer(many=True))
    def get(self, request):
        return Response(s.ProfileSerializer(profiles.CURRENT, many=True).data)


@extend_schema(
    tags=TAGS,
    summary="Preview an upload: rows, files and problems",
    description="What a batch would hold for the caller's scope: completed records "
    "with hours of the year that the profile takes; records that cannot be "
    "written (no national ID on file, a category without a code, a name the "
    "encoding cannot write...) and records accepted or awaiting a result in an "
    "earlier upload to the same portal (sent again only with `reupload`).",
    parameters=[
        OpenApiParameter("profile", str, required=True, description="A profile key."),
        OpenApiParameter("year", int, required=True, description="The year."),
        OpenApiParameter(
            "sessions", str, description="Comma-separated session ids; left out: all."
        ),
        OpenApiParameter(
            "reupload", bool, description="Include records uploaded before."
        ),
    ],
    responses=s.PreviewSerializer,
    examples=[examples.one("Preview", PREVIEW)],
)
class PreviewView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get(self, request):
        params = PreviewParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        preview = selectors.upload_preview(
            viewer=request.user,
            profile=profiles.get(data["profile"]),
            year=data["year"],
            session_ids=data.get("sessions") or None,
            reupload=data["reupload"],
        )
        return Response(s.PreviewSerializer(preview).data)


class BatchListView(generics.ListAPIView):
    serializer_class = s.BatchSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_queryset(self):
        return selectors.batch_list(viewer=self.request.user).prefetch_related(
            "sessions"
        )

    @extend_schema(
        tags=TAGS,
        summary="Study-hour uploads made",
        description="Newest first: an HR officer's agency's, or all for staff.",
        examples=[examples.page_of("Uploads", BATCH)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Make an upload batch",
        description="Keeps the rows (without national ID numbers) and the records "
        "left out with why; 400 `empty` when no record qualifies. Download its "
        "file(s) with `download/`.",
        request=s.BatchRequestSerializer,
        responses={201: s.BatchSerializer},
        examples=[
            OpenApiExample(
                "Make", {"profile": "lifelong@2026.1", "year": 2026}, request_only=True
            ),
            examples.one("Made", {**BATCH, "accepted": 0, "refused": 0,
                                  "result_imported_at": None, "result_filename": "",
                                  "downloads": 0}),
        ],
    )  # fmt: skip
    def post(self, request):
        body = s.BatchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.upload_batch_create(viewer=request.user, **body.arguments())
        batch = selectors.batch_get(viewer=request.user, pk=batch.pk)
        return Response(s.BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS,
    summary="One upload batch",
    examples=[examples.one("Upload", BATCH)],
)
class BatchDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(responses=s.BatchSerializer)
    def get(self, request, pk):
        batch = selectors.batch_get(viewer=request.user, pk=pk)
        return Response(s.BatchSerializer(batch).data)


@extend_schema(
    tags=TAGS,
    summary="The rows of an upload batch, with the portal's answer",
    parameters=[
        OpenApiParameter(
            "status", str, enum=RowStatus.values, description="Only rows in this state."
        ),
        OpenApiParameter("limit", int, description="Rows a page."),
        OpenApiParameter("offset", int, description="Rows to skip."),
    ],
    examples=[examples.page_of("Rows", ROW)],
)
class BatchRowsView(generics.ListAPIView):
    serializer_class = s.RowSerializer
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    def get_queryset(self):
        batch = selectors.batch_get(viewer=self.request.user, pk=self.kwargs["pk"])
        wanted = self.request.query_params.get("status")
        return selectors.batch_rows(
            batch=batch, status=wanted if wanted in RowStatus.values else None
        )


class BatchDownloadView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]

    @extend_schema(
        tags=TAGS,
        summary="Download the batch's file (or a zip of its files)",
        description="Written now with the full national ID numbers, decrypted "
        "for this download and logged (who, when, which batch, how many). A POST, "
        "so that nothing fetches it by accident.",
        request=None,
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
        },
    )
    def post(self, request, pk):
        batch = selectors.batch_get(viewer=request.user, pk=pk)
        name, content_type, data = services.upload_batch_download(
            viewer=request.user, batch=batch
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class BatchResultView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgencyViewer]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="Import the portal's result file",
        description="Marks rows accepted or refused with the portal's message, "
        "matched by national ID, session code and term. A malformed file changes "
        "nothing (400); importing the same file again changes nothing more; lines "
        "the batch lacks are reported (masked).",
        request={"multipart/form-data": s.ResultUploadSerializer},
        responses={200: s.ResultReportSerializer},
        examples=[examples.one("Imported", REPORT)],
    )
    def post(self, request, pk):
        batch = selectors.batch_get(viewer=request.user, pk=pk)
        body = s.ResultUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        report = services.upload_result_import(
            viewer=request.user, batch=batch, filename=upload.name,
            content=upload.read(services.RESULT_MAX_BYTES + 1),
        )  # fmt: skip
        return Response(s.ResultReportSerializer(report).data)
