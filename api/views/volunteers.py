"""Volunteers' shifts through the API, by the same selectors and services as the
site: open shifts, sign up and cancel, clock in by a post's code, my hours; and
for coordinators, a month's coverage."""

import datetime

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import volunteers as s
from portal.accounts.access import is_volunteer, is_volunteer_coordinator
from portal.volunteers import selectors, services

TAG = ["volunteers"]
SHIFT = {
    "id": 310, "date": "2026-12-03", "period": "morning", "starts_at": "08:30:00",
    "ends_at": "12:00:00", "duty": {"id": 1, "name": "服務台"},
    "post": {"id": 1, "name": "一樓服務台"}, "needed": 2, "confirmed": 1, "waiting": 0,
}  # fmt: skip
SIGNUP = {
    "id": 77, "volunteer_name": "蔡志工",
    "shift": {"id": 310, "date": "2026-12-03", "starts_at": "08:30:00",
              "ends_at": "12:00:00", "duty": "服務台", "post": "一樓服務台"},
    "status": "confirmed", "clock_in": None, "clock_out": None, "hours": "0.0",
    "allowance": False,
}  # fmt: skip
REFUSALS = OpenApiResponse(
    description="Refused, with why: `window_closed`, `not_qualified`, `overlap`, "
    "`monthly_limit`, `duplicate`, `started`, `assigned_only`, `inactive`, "
    "`cancel_closed` (ask the coordinator)."
)
WEEK = OpenApiParameter(
    "week",
    OpenApiTypes.DATE,
    description="A day of the week to list (default: this week).",
)


def _volunteer(request):
    volunteer = selectors.volunteer_of(request.user)
    if volunteer is None or not is_volunteer(request.user):
        raise Http404
    return volunteer


@extend_schema(
    tags=TAG,
    summary="Shifts open for sign-up (a week)",
    description="Published shifts of a week with their places, for the calling "
    "volunteer: `qualified` says whether they completed the duty's training, "
    "`window_open` whether the month's sign-up is open. Other callers: 404.",
    parameters=[WEEK],
    examples=[
        examples.page_of("Shifts", {**SHIFT, "qualified": True, "window_open": True})
    ],
)
class OpenShiftListView(generics.ListAPIView):
    serializer_class = s.OpenShiftSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        volunteer = _volunteer(self.request)
        week = selectors.week_start(
            self.request.query_params.get("week"), timezone.localdate()
        )
        return selectors.open_shifts_week(volunteer=volunteer, week=week)


class ShiftSignupView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Sign up for a shift",
        description="A place, or (`status` `waitlisted`) a place on its waiting "
        "list when it is full; the first in line takes a place that frees up. "
        "The last place is given once, however many ask at the same moment.",
        request=None,
        responses={201: s.SignupSerializer, 400: REFUSALS},
        examples=[examples.one("Signed up", SIGNUP)],
    )
    def post(self, request, pk):
        volunteer = _volunteer(request)
        shift = selectors.shift_open_get(pk=pk)
        # The service's answer holds the shift with its duty and post: no re-read.
        signup = services.signup_create(
            shift=shift, volunteer=volunteer, actor=request.user
        )
        return Response(s.SignupSerializer(signup).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAG,
    summary="Shift places",
    description="The caller's own places (a volunteer), or everyone's "
    "(coordinators), newest shift first.",
    examples=[examples.page_of("Places", SIGNUP)],
)
class SignupListView(generics.ListAPIView):
    serializer_class = s.SignupSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.signup_list(viewer=self.request.user).order_by(
            "-shift__date", "-shift__starts_at", "pk"
        )


class SignupCancelView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Cancel a place",
        description="A volunteer cancels their own place until the deadline "
        "(VOLUNTEER_RULES, 48 hours before the shift by default) or leaves the "
        "waiting list; coordinators cancel any. A freed place goes to the first "
        "in line.",
        request=None,
        responses={200: s.SignupSerializer, 400: REFUSALS},
        examples=[examples.one("Cancelled", {**SIGNUP, "status": "cancelled"})],
    )
    def post(self, request, pk):
        signup = selectors.signup_get(viewer=request.user, pk=pk)
        services.signup_cancel(signup=signup, actor=request.user)
        signup = selectors.signup_get(viewer=request.user, pk=pk)
        return Response(s.SignupSerializer(signup).data)


class ClockView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="Clock in or out with a post's code",
        description="The first scan of a shift clocks in, the next clocks out. "
        "The code rotates: an expired, forged or other day's code answers 400 "
        "(`expired`, `invalid`); no shift at that post now: 400 `no_shift`.",
        request=s.ClockRequestSerializer,
        responses={
            200: s.SignupSerializer,
            400: OpenApiResponse(description="The code or the shift was refused."),
        },
        examples=[
            examples.one(
                "Clocked in",
                {**SIGNUP, "clock_in": "2026-12-03T08:27:00+08:00"},
            )
        ],
    )
    def post(self, request):
        body = s.ClockRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signup = services.clock_scan(
            token=body.validated_data["token"], user=request.user
        )
        signup = selectors.signup_get(viewer=request.user, pk=signup.pk)
        return Response(s.SignupSerializer(signup).data)


class HoursView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAG,
        summary="My service hours of a year",
        description="Hours served per month (clock-in to clock-out, no travel), "
        "shifts and allowances, for the calling volunteer.",
        parameters=[
            OpenApiParameter("year", int, description="The year (default: this year).")
        ],
        responses={200: s.HoursSerializer},
        examples=[
            examples.one(
                "Hours",
                {
                    "year": 2026,
                    "shifts": 1,
                    "minutes": 200,
                    "hours": "3.3",
                    "allowances": 1,
                    "months": [
                        {
                            "month": 11,
                            "shifts": 1,
                            "minutes": 200,
                            "hours": "3.3",
                            "allowances": 1,
                        }
                    ],
                },
            )
        ],  # fmt: skip
    )
    def get(self, request):
        volunteer = _volunteer(request)
        raw = request.query_params.get("year", "")
        year = timezone.localdate().year
        if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= year:
            year = int(raw)
        summary = selectors.hours_of(volunteer=volunteer, year=year)
        summary["months"] = [m for m in summary["months"] if m["shifts"]]
        return Response(s.HoursSerializer(summary).data)


@extend_schema(
    tags=TAG,
    summary="A month's coverage (coordinators)",
    description="Every shift of a month with its places taken, missing, waiting "
    "and no-shows. Others: 404.",
    parameters=[
        OpenApiParameter(
            "month",
            OpenApiTypes.DATE,
            description="A day of the month (default: this month).",
        )
    ],
    examples=[examples.page_of("Coverage", {**SHIFT, "missing": 1, "no_shows": 0})],
)
class CoverageView(generics.ListAPIView):
    serializer_class = s.CoverageShiftSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if not is_volunteer_coordinator(self.request.user):
            raise Http404
        try:
            day = datetime.date.fromisoformat(
                self.request.query_params.get("month", "")
            )
        except ValueError:
            day = timezone.localdate()
        start, end = selectors.month_bounds(day)
        return selectors.coverage(viewer=self.request.user, start=start, end=end)
