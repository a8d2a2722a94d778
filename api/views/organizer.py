"""The organizer's class day through the API: arrivals, marks, the kiosk, leave
decisions, meal counts and votes; the same services as the admin screen."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import organizer as s
from api.serializers.classday import CheckInResultSerializer, VoteSerializer
from portal.accounts import access
from portal.accounts.names import display_name
from portal.classday import selectors, services

from .classday import _refusal, _result, _vote_dict


class IsOrganizer(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_organizer(request.user)


class _OrganizerView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    def session(self, request, session_id):
        return selectors.session_for_organizer(
            viewer=request.user, session_id=session_id
        )


class ArrivalsView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Today's arrivals of a session",
        responses=s.ArrivalSerializer(many=True),
        examples=[examples.one("Arrivals", [examples.ARRIVAL])],
    )
    def get(self, request, session_id):
        rows = selectors.arrival_list(session=self.session(request, session_id))
        data = [
            {
                "enrolment_id": r["enrolment"].pk,
                "name": r["name"],
                "agency": r["agency"],
                "seat": r["seat"],
                "checked_in_at": r["checkin"].checked_in_at if r["checkin"] else None,
                "checked_out_at": r["checkin"].checked_out_at if r["checkin"] else None,
                "method": r["checkin"].method if r["checkin"] else "",
            }
            for r in rows
        ]
        return Response(s.ArrivalSerializer(data, many=True).data)


class MarkView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Mark a trainee by hand",
        description="With a reason, kept with who and when.",
        request=s.MarkSerializer,
        responses={
            200: CheckInResultSerializer,
            400: OpenApiResponse(description="No reason, or no class today."),
        },
        examples=[examples.one("Marked", examples.CHECKIN)],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.MarkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enrolment = selectors.selected_enrolment(
            session=session, pk=body.validated_data["enrolment_id"]
        )
        try:
            result = services.checkin_mark(
                enrolment=enrolment,
                actor=request.user,
                reason=body.validated_data["reason"],
                kind=body.validated_data["kind"],
            )
        except services.CheckInRefused as refused:
            raise _refusal(refused) from refused
        return Response(CheckInResultSerializer(_result(result)).data)


class KioskView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Check a trainee in at the kiosk by ID number",
        description="The number is matched through its keyed hash; it is not stored.",
        request=s.KioskSerializer,
        responses={
            200: CheckInResultSerializer,
            400: OpenApiResponse(description="Not a valid ID number."),
            403: OpenApiResponse(description="No selected trainee has this number."),
        },
        examples=[examples.one("Checked in", examples.CHECKIN)],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.KioskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = services.checkin_kiosk(
                session=session,
                national_id_number=body.validated_data["national_id"],
                actor=request.user,
                kind=body.validated_data["kind"],
            )
        except services.CheckInRefused as refused:
            raise _refusal(refused) from refused
        return Response(CheckInResultSerializer(_result(result)).data)


def _leave(leave):
    return {
        "id": leave.pk,
        "enrolment_id": leave.enrolment_id,
        "trainee": display_name(leave.enrolment.user),
        "date": leave.date,
        "hours": leave.hours,
        "reason": leave.reason,
        "status": leave.status,
        "decision_note": leave.decision_note,
    }


class LeaveListView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Leave requests of a session",
        responses=s.OrganizerLeaveSerializer(many=True),
        examples=[examples.one("Leave requests", [examples.LEAVE])],
    )
    def get(self, request, session_id):
        leaves = selectors.leave_list(session=self.session(request, session_id))
        return Response(
            s.OrganizerLeaveSerializer([_leave(x) for x in leaves], many=True).data
        )


class LeaveDecisionView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Approve or refuse a leave request",
        description="On approval the duty staff, the front desk and the agency's HR "
        "officers are told by e-mail, and attendance and hours follow.",
        request=s.LeaveDecisionSerializer,
        responses={
            200: s.OrganizerLeaveSerializer,
            400: OpenApiResponse(description="Already decided."),
        },
        examples=[examples.one("Decided", examples.LEAVE)],
    )
    def post(self, request, pk):
        leave = selectors.leave_get(viewer=request.user, pk=pk)
        body = s.LeaveDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        leave = services.leave_decide(
            leave=leave,
            actor=request.user,
            approve=body.validated_data["approve"],
            note=body.validated_data.get("note", ""),
        )
        return Response(s.OrganizerLeaveSerializer(_leave(leave)).data)


class MealCountsView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Meal counts per class day",
        responses=s.MealCountSerializer(many=True),
        examples=[examples.one("Meals", [examples.MEALS])],
    )
    def get(self, request, session_id):
        counts = selectors.meal_counts(session=self.session(request, session_id))
        return Response(s.MealCountSerializer(counts, many=True).data)


class VoteOpenView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Open a vote",
        request=s.VoteOpenSerializer,
        responses={201: VoteSerializer},
        examples=[examples.one("Vote", examples.VOTE)],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.VoteOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vote = services.vote_open(
            session=session,
            question=body.validated_data["question"],
            options=body.validated_data["options"],
            actor=request.user,
        )
        return Response(
            VoteSerializer(_vote_dict(vote, results=True)).data,
            status=status.HTTP_201_CREATED,
        )


class VoteStatusView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Close, publish or reopen a vote",
        request=s.VoteStatusSerializer,
        responses=VoteSerializer,
        examples=[examples.one("Vote", examples.VOTE)],
    )
    def post(self, request, vote_id):
        vote = selectors.vote_get(viewer=request.user, pk=vote_id)
        body = s.VoteStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vote = services.vote_set_status(
            vote=vote, status=body.validated_data["status"], actor=request.user
        )
        return Response(VoteSerializer(_vote_dict(vote, results=True)).data)
