"""Suggestions and replies (意見回應) through the API: the author's own (send,
read, withdraw), the public board, and the staff's list, reply, status and
publication. Same selectors and services as the site and the admin."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import feedback as s
from portal.feedback import selectors, services
from portal.feedback.models import Status, Topic

MINE = {
    "id": 12, "session_id": 42, "session_code": "B00492",
    "course_title": "公文寫作實務班", "topic": "venue", "subject": "教室冷氣太冷",
    "body": "201 教室下午冷氣偏冷，是否能調高溫度？", "status": "answered",
    "created_at": "2026-12-07T15:20:00+08:00",
    "updated_at": "2026-12-08T10:05:00+08:00",
    "reply": "感謝提醒，已請總務調整為 26 度。",
    "replied_at": "2026-12-08T10:05:00+08:00", "published": True,
    "withdrawable": False,
}  # fmt: skip
NEW = {
    **MINE, "id": 13, "session_id": None, "session_code": None, "course_title": None,
    "topic": "website", "subject": "報名頁面在手機上字太小",
    "body": "用手機報名時，班期日期的字太小不易閱讀。", "status": "new",
    "updated_at": "2026-12-09T09:00:00+08:00", "created_at": "2026-12-09T09:00:00+08:00",
    "reply": "", "replied_at": None, "published": False, "withdrawable": True,
}  # fmt: skip
STAFF = {
    **MINE, "author": "王小明", "replied_by": "林辦班", "public_subject": "教室冷氣太冷",
    "public_body": "下午上課時教室冷氣偏冷，是否能調高溫度？",
    "published_at": "2026-12-08T10:10:00+08:00",
}  # fmt: skip
PUBLISHED = {
    "id": 12, "topic": "venue", "course_title": "公文寫作實務班",
    "subject": "教室冷氣太冷", "question": "下午上課時教室冷氣偏冷，是否能調高溫度？",
    "reply": "感謝提醒，已請總務調整為 26 度。",
    "replied_at": "2026-12-08T10:05:00+08:00",
    "published_at": "2026-12-08T10:10:00+08:00",
}  # fmt: skip

QUERY = OpenApiParameter(
    "q", OpenApiTypes.STR, description="Words in the subject, question or reply."
)
TOPIC = OpenApiParameter(
    "topic", OpenApiTypes.STR, enum=Topic.values, description="Only this topic."
)


class IsHandler(permissions.BasePermission):
    """Staff given the reply permission (organizers, superusers)."""

    def has_permission(self, request, view):
        return selectors.can_handle(request.user)


def _choice(request, name, values):
    value = request.query_params.get(name, "")
    if value and value not in values:
        raise exceptions.ValidationError({name: [_("Not one of the choices.")]})
    return value


@extend_schema(tags=["feedback"])
class MySuggestionListView(generics.ListAPIView):
    serializer_class = s.MySuggestionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.my_suggestion_list(viewer=self.request.user)

    @extend_schema(
        summary="My suggestions, with their status and replies",
        description="Newest first; only the viewer's own.",
        examples=[examples.page_of("Suggestions", MINE)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Send a suggestion",
        description="About a session the viewer is or was selected for, or (no "
        "session) about the institute's service. A few an hour at most: past "
        "the limit the answer is 400, and its message says so.",
        request=s.SuggestionCreateSerializer,
        responses={
            201: s.MySuggestionSerializer,
            400: OpenApiResponse(description="Invalid, not your session, or "
                                 "too many in the last hour."),
        },
        examples=[examples.one("Sent", NEW)],
    )  # fmt: skip
    def post(self, request):
        body = s.SuggestionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        session = None
        if data.get("session") is not None:
            session = (
                selectors.suggestable_sessions(viewer=request.user)
                .filter(pk=data["session"])
                .first()
            )
            if session is None:
                raise exceptions.ValidationError(
                    {
                        "session": [
                            _("Choose one of the sessions you attend or attended.")
                        ]
                    }
                )
        suggestion = services.suggestion_create(
            author=request.user,
            subject=data["subject"],
            body=data["body"],
            topic=data["topic"],
            session=session,
        )
        suggestion = selectors.my_suggestion_get(viewer=request.user, pk=suggestion.pk)
        return Response(
            s.MySuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=["feedback"],
    summary="One of my suggestions",
    examples=[examples.one("Suggestion", MINE)],
)
class MySuggestionDetailView(generics.RetrieveAPIView):
    serializer_class = s.MySuggestionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return selectors.my_suggestion_get(
            viewer=self.request.user, pk=self.kwargs["pk"]
        )


class MySuggestionWithdrawView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["feedback"],
        summary="Withdraw my suggestion",
        description="Only before staff answer or close it; the record stays, "
        "withdrawn.",
        request=None,
        responses={
            200: s.MySuggestionSerializer,
            400: OpenApiResponse(description="Already answered or closed."),
        },
        examples=[
            examples.one("Withdrawn", {**NEW, "status": "withdrawn",
                                       "withdrawable": False})
        ],
    )  # fmt: skip
    def post(self, request, pk):
        suggestion = selectors.my_suggestion_get(viewer=request.user, pk=pk)
        services.suggestion_withdraw(suggestion=suggestion, actor=request.user)
        suggestion = selectors.my_suggestion_get(viewer=request.user, pk=pk)
        return Response(s.MySuggestionSerializer(suggestion).data)


@extend_schema(
    tags=["feedback"],
    summary="The public board of questions and replies",
    description="Published suggestions with the institute's reply, newest "
    "first. No names: only the words staff made safe to show.",
    parameters=[QUERY, TOPIC],
    examples=[examples.page_of("Board", PUBLISHED)],
)
class PublishedSuggestionListView(generics.ListAPIView):
    serializer_class = s.PublishedSuggestionSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.published_list(
            query=self.request.query_params.get("q", "")[:100],
            topic=_choice(self.request, "topic", Topic.values),
        )


@extend_schema(
    tags=["feedback"],
    summary="Suggestions to handle (staff)",
    description="Every suggestion, newest first, for the staff who reply.",
    parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, enum=Status.values,
            description="Only suggestions in this state.",
        ),
        TOPIC,
        OpenApiParameter(
            "session", OpenApiTypes.INT,
            description="Only suggestions about this session (its id).",
        ),
        OpenApiParameter(
            "q", OpenApiTypes.STR,
            description="Words in the subject, suggestion, reply or author's name.",
        ),
    ],
    examples=[examples.page_of("Suggestions", STAFF)],
)  # fmt: skip
class SuggestionListView(generics.ListAPIView):
    serializer_class = s.StaffSuggestionSerializer
    permission_classes = [permissions.IsAuthenticated, IsHandler]

    def get_queryset(self):
        params = self.request.query_params
        session = params.get("session", "")
        if session and not (session.isascii() and session.isdigit()):
            raise exceptions.ValidationError({"session": [_("A session's id.")]})
        return selectors.suggestion_list(
            viewer=self.request.user,
            status=_choice(self.request, "status", Status.values),
            topic=_choice(self.request, "topic", Topic.values),
            session_id=int(session[:19]) if session else None,
            query=params.get("q", "")[:100],
        )


@extend_schema(
    tags=["feedback"],
    summary="One suggestion (staff)",
    examples=[examples.one("Suggestion", STAFF)],
)
class SuggestionDetailView(generics.RetrieveAPIView):
    serializer_class = s.StaffSuggestionSerializer
    permission_classes = [permissions.IsAuthenticated, IsHandler]

    def get_object(self):
        return selectors.suggestion_get(viewer=self.request.user, pk=self.kwargs["pk"])


class SuggestionReplyView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsHandler]

    @extend_schema(
        tags=["feedback"],
        summary="Reply to a suggestion (staff)",
        description="The first reply marks it answered and e-mails the author; "
        "sending it again corrects the reply without a new e-mail. Refused for a "
        "withdrawn suggestion, or a closed one without a reply (reopen it first).",
        request=s.ReplySerializer,
        responses={
            200: s.StaffSuggestionSerializer,
            400: OpenApiResponse(description="No reply, withdrawn or closed."),
        },
        examples=[examples.one("Answered", STAFF)],
    )
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        body = s.ReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.suggestion_reply(
            suggestion=suggestion,
            actor=request.user,
            reply=body.validated_data["reply"],
        )
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(s.StaffSuggestionSerializer(suggestion).data)


class SuggestionStatusView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsHandler]

    @extend_schema(
        tags=["feedback"],
        summary="Change a suggestion's status (staff)",
        description="new → in_progress or closed; in_progress → closed; answered → "
        "in_progress or closed; closed → in_progress (reopened). A reply makes it "
        "answered; only its author withdraws it.",
        request=s.StatusSerializer,
        responses={
            200: s.StaffSuggestionSerializer,
            400: OpenApiResponse(description="Not a change its status allows."),
        },
        examples=[examples.one("Closed", {**STAFF, "status": "closed"})],
    )
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        body = s.StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.suggestion_status_set(
            suggestion=suggestion,
            actor=request.user,
            status=body.validated_data["status"],
        )
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(s.StaffSuggestionSerializer(suggestion).data)


class SuggestionPublishView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsHandler]

    @extend_schema(
        tags=["feedback"],
        summary="Publish a suggestion on the public board, or take it off (staff)",
        description="Publishing needs a reply and the public subject and question: "
        "the trainee's words edited so that nobody can be recognised. The "
        "author's name is never shown.",
        request=s.PublishSerializer,
        responses={
            200: s.StaffSuggestionSerializer,
            400: OpenApiResponse(description="No reply yet, no public words, or "
                                 "withdrawn."),
        },
        examples=[examples.one("Published", STAFF)],
    )  # fmt: skip
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        body = s.PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["published"]:
            services.suggestion_publish(
                suggestion=suggestion,
                actor=request.user,
                public_subject=data.get("public_subject", ""),
                public_body=data.get("public_body", ""),
            )
        else:
            services.suggestion_unpublish(suggestion=suggestion, actor=request.user)
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(s.StaffSuggestionSerializer(suggestion).data)
