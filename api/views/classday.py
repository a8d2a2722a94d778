"""The class day through the API: check in, my day, leave, meals and votes, by the
same services as the trainee site."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.exceptions import Gone
from api.serializers import classday as s
from portal.classday import selectors, services
from portal.classday.models import VoteStatus


def _refusal(refused):
    if refused.code == "expired":
        return Gone(refused.message)
    if refused.code in ("not_enrolled", "other_session"):
        return exceptions.PermissionDenied(refused.message)
    return exceptions.ValidationError({"token": [refused.message]})


def _result(result):
    return {
        "session_id": result.enrolment.session_id,
        "kind": result.kind,
        "already": result.already,
        "seat": result.seat,
        "checked_in_at": result.checkin.checked_in_at,
        "checked_out_at": result.checkin.checked_out_at,
    }


class CheckInView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="Check in or out with the session's QR token",
        description="One check-in a trainee a day: a repeated scan answers "
        "`already: true` with the seat, and records nothing. 410 for an expired "
        "code, 403 for a session the caller is not selected for.",
        request=s.CheckInRequestSerializer,
        responses={
            200: s.CheckInResultSerializer,
            400: OpenApiResponse(description="Not a valid code."),
            403: OpenApiResponse(description="Not a selected trainee of the session."),
            410: OpenApiResponse(description="The code has expired."),
        },
        examples=[examples.one("Checked in", examples.CHECKIN)],
    )
    def post(self, request):
        body = s.CheckInRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = services.checkin_scan(
                token=body.validated_data["token"], user=request.user
            )
        except services.CheckInRefused as refused:
            raise _refusal(refused) from refused
        return Response(s.CheckInResultSerializer(_result(result)).data)


def _vote_dict(vote, *, results):
    data = selectors.vote_results(vote=vote)
    if not results:
        data.pop("total")
        for option in data["options"]:
            option.pop("votes")
    return data


class ClassDayView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="My class day in a session",
        description="Seat, today's check-in, timetable, leave requests, meals and votes.",
        responses=s.ClassDaySerializer,
        examples=[examples.one("Class day", examples.CLASS_DAY)],
    )
    def get(self, request, session_id):
        enrolment = selectors.my_enrolment(user=request.user, session_id=session_id)
        day = selectors.class_day_get(enrolment=enrolment)
        checkin = day.checkin
        data = {
            "session_id": day.session.pk,
            "course_title": day.session.course.title,
            "date": day.date,
            "seat": day.seat,
            "checked_in_at": checkin.checked_in_at if checkin else None,
            "checked_out_at": checkin.checked_out_at if checkin else None,
            "timetable": day.timetable,
            "leave": day.leave_requests,
            "meals": [{"date": d, "meal": m} for d, m in sorted(day.meals.items())],
            "meals_open": day.meals_open,
            "votes": [
                _vote_dict(v, results=v.status == VoteStatus.PUBLISHED)
                for v in day.votes
            ],
        }
        return Response(s.ClassDaySerializer(data).data)


class LeaveView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="Ask for leave",
        request=s.LeaveSerializer,
        responses={
            201: s.LeaveSerializer,
            400: OpenApiResponse(description="Refused, with why, per field."),
        },
        examples=[examples.one("Asked", examples.LEAVE)],
    )
    def post(self, request, session_id):
        enrolment = selectors.my_enrolment(user=request.user, session_id=session_id)
        body = s.LeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        leave = services.leave_request(
            enrolment=enrolment,
            user=request.user,
            date=body.validated_data["date"],
            hours=body.validated_data.get("hours"),
            starts_at=body.validated_data.get("starts_at"),
            reason=body.validated_data["reason"],
        )
        return Response(s.LeaveSerializer(leave).data, status=status.HTTP_201_CREATED)


class MealView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="Choose a meal for a class day",
        description="Before the session's meal deadline; a new choice replaces the old.",
        request=s.MealChoiceSerializer,
        responses={
            200: s.MealChoiceSerializer,
            400: OpenApiResponse(
                description="No meals, the deadline passed, or no class."
            ),
        },
        examples=[examples.one("Meal", {"date": "2026-12-07", "meal": "vegetarian"})],
    )
    def put(self, request, session_id):
        enrolment = selectors.my_enrolment(user=request.user, session_id=session_id)
        body = s.MealChoiceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        [choice] = services.meal_choices_save(
            enrolment=enrolment,
            user=request.user,
            choices={body.validated_data["date"]: body.validated_data["meal"]},
        )
        return Response(s.MealChoiceSerializer(choice).data)


class VoteView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="A vote, with its counts when visible",
        description="Counts are shown to organizers, and to trainees once published; "
        "poll this for live results.",
        responses=s.VoteSerializer,
        examples=[examples.one("Vote", examples.VOTE)],
    )
    def get(self, request, vote_id):
        vote, organizer = selectors.vote_for_viewer(
            viewer=request.user, vote_id=vote_id
        )
        results = organizer or vote.status == VoteStatus.PUBLISHED
        return Response(s.VoteSerializer(_vote_dict(vote, results=results)).data)

    @extend_schema(
        tags=["class day"],
        summary="Cast my vote",
        description="One ballot a trainee; a second is refused with 400, even when "
        "two requests race.",
        request=s.BallotRequestSerializer,
        responses={
            201: s.VoteSerializer,
            400: OpenApiResponse(
                description="Closed, already voted or no such option."
            ),
        },
        examples=[examples.one("Vote", examples.VOTE)],
    )
    def post(self, request, vote_id):
        vote, organizer = selectors.vote_for_viewer(
            viewer=request.user, vote_id=vote_id
        )
        body = s.BallotRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.vote_cast(
            vote=vote, option_id=body.validated_data["option"], user=request.user
        )
        results = organizer or vote.status == VoteStatus.PUBLISHED
        return Response(
            s.VoteSerializer(_vote_dict(vote, results=results)).data,
            status=status.HTTP_201_CREATED,
        )
