"""Grades and the honours list of a session, for organizers: the same services
as the admin's grades screen."""

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api import examples
from api.serializers import grades as s
from api.serializers.people import RecordSerializer
from portal.accounts.names import display_name
from portal.enrolment import selectors as enrolment_selectors
from portal.enrolment.models import EnrolmentStatus
from portal.records import selectors, services

from .organizer import _OrganizerView


def _records(viewer, session):
    return (
        selectors.record_list(viewer=viewer)
        .filter(session=session)
        .order_by("user__person__name", "pk")
    )


def _selected(viewer, session) -> dict:
    """The session's selected enrolments the viewer may see, by id."""
    return {
        e.pk: e
        for e in enrolment_selectors.enrolment_list(
            viewer=viewer, session=session, status=EnrolmentStatus.SELECTED
        )
    }


def _honours(viewer, session):
    honours = selectors.honours_of(viewer=viewer, session=session)
    state = honours["state"]
    return {
        "computed_at": state.computed_at if state else None,
        "confirmed_at": state.confirmed_at if state else None,
        "places": [
            {
                "enrolment_id": r.enrolment_id,
                "name": display_name(r.user),
                "grade": r.grade,
                "grade_band": r.grade_band,
                "place": r.honours_rank,
            }
            for r in honours["records"]
        ],
    }


class SessionGradesView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Grades of a session's trainees",
        responses=RecordSerializer(many=True),
        examples=[examples.one("Grades", [examples.RECORD])],
    )
    def get(self, request, session_id):
        session = self.session(request, session_id)
        return Response(
            RecordSerializer(_records(request.user, session), many=True).data
        )

    @extend_schema(
        tags=["organizer"],
        summary="Enter grades (all rows or none)",
        description=(
            "The typed parts of each trainee's grade by the course's grade scheme, "
            "and an adjustment with its reason; the grade and band are computed. "
            "Errors are keyed `<enrolment_id>:<part key, adjustment or reason>`."
        ),
        request=s.GradeBatchSerializer,
        responses={
            200: RecordSerializer(many=True),
            400: OpenApiResponse(description="A refused row; nothing saved."),
        },
        examples=[examples.one("Saved", [examples.RECORD])],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.GradeBatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        selected = _selected(request.user, session)
        rows = []
        for row in body.validated_data["rows"]:
            enrolment = selected.get(row["enrolment_id"])
            if enrolment is None:
                raise exceptions.NotFound()
            rows.append({**row, "enrolment": enrolment})
        services.grade_bulk_save(actor=request.user, rows=rows)
        return Response(
            RecordSerializer(_records(request.user, session), many=True).data
        )


class SessionHonoursView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="A session's honours list",
        responses=s.HonoursSerializer,
        examples=[examples.one("Honours list", examples.HONOURS)],
    )
    def get(self, request, session_id):
        session = self.session(request, session_id)
        return Response(s.HonoursSerializer(_honours(request.user, session)).data)

    @extend_schema(
        tags=["organizer"],
        summary="Compute, confirm or reopen the honours list",
        description=(
            "A confirmed list is kept as it is when grades change (`compute` is "
            "refused with `honours_confirmed`) until it is reopened."
        ),
        request=s.HonoursActionSerializer,
        responses={
            200: s.HonoursSerializer,
            400: OpenApiResponse(description="Confirmed already, or not computed."),
        },
        examples=[examples.one("Honours list", examples.HONOURS)],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.HonoursActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action = {
            "compute": services.honours_compute,
            "confirm": services.honours_confirm,
            "reopen": services.honours_reopen,
        }[body.validated_data["action"]]
        try:
            action(session=session, actor=request.user)
        except ValidationError as error:
            raise exceptions.ValidationError(
                {"action": error.messages}, code=error.code
            ) from error
        return Response(s.HonoursSerializer(_honours(request.user, session)).data)


class OnlineCompletionsView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Record who finished the online part of a blended or online class",
        description=(
            "For the e-learning platform or an organizer: each listed trainee's "
            "online part is marked finished (or, with `completed: false`, not "
            "finished). Hours add the online part once finished; an online class "
            "is completed with it. Certificates of blended classes wait for it."
        ),
        request=s.OnlineCompletionSerializer,
        responses={
            200: RecordSerializer(many=True),
            400: OpenApiResponse(description="Not a blended or online class."),
        },
        examples=[examples.one("Recorded", [examples.RECORD])],
    )
    def post(self, request, session_id):
        session = self.session(request, session_id)
        body = s.OnlineCompletionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        selected = _selected(request.user, session)
        wanted = body.validated_data["enrolment_ids"]
        if any(pk not in selected for pk in wanted):
            raise exceptions.NotFound()
        with transaction.atomic():
            for pk in wanted:
                services.record_online_complete(
                    enrolment=selected[pk],
                    actor=request.user,
                    completed=body.validated_data["completed"],
                    at=body.validated_data.get("completed_at"),
                )
        return Response(
            RecordSerializer(
                _records(request.user, session).filter(enrolment_id__in=wanted),
                many=True,
            ).data
        )
