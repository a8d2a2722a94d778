"""Lecture fees through the API: the lecturer's statements (confirm, dispute)
and payments; organizers' rates and statements. Same selectors and services as
the site and the admin."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import fees as s
from portal.accounts import access
from portal.fees import selectors, services

LINE = {
    "id": 31, "kind": "teaching", "date": "2026-03-04",
    "description": "2026-03-04 09:00–10:30 公文格式與用語", "minutes": 90,
    "periods": "2.0", "rate": "2000.0", "computed_amount": 4000, "amount": 4000,
    "adjusted": False, "reason": "",
}  # fmt: skip
STATEMENT = {
    "id": 12, "lecturer": "林志明", "session_code": "B00492",
    "course_title": "公文寫作實務班", "category": "outside", "date": "2026-03-04",
    "status": "pending", "taxable_total": 4000, "travel_total": 0, "premium": 0,
    "tax": 0, "net_total": 4000, "bank_account": "700-****-****5678",
    "confirmed_at": None, "paid_on": None, "lines": [LINE],
}  # fmt: skip
CONFIRMED = {
    **STATEMENT,
    "status": "confirmed",
    "confirmed_at": "2026-03-10T09:12:00+08:00",
}
PAYMENT = {
    "id": 12, "session_code": "B00492", "course_title": "公文寫作實務班",
    "paid_on": "2026-03-30", "net_total": 4000, "confirmed_account": "700-****-****5678",
}  # fmt: skip
RATE = {
    "id": 4, "category": "outside", "amount": 2000, "effective_from": "2023-01-01",
    "effective_to": None, "source": "講座鐘點費支給表",
}  # fmt: skip


class IsLecturer(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_lecturer(request.user)


class IsOrganizer(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_organizer(request.user)


def _mine(request):
    return selectors.my_statement_list(viewer=request.user)


@extend_schema(
    tags=["fees"],
    summary="My fee statements",
    examples=[examples.page_of("Statements", STATEMENT)],
)
class MyStatementListView(generics.ListAPIView):
    serializer_class = s.FeeStatementSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def get_queryset(self):
        return _mine(self.request)


@extend_schema(
    tags=["fees"],
    summary="One of my fee statements",
    examples=[examples.one("Statement", STATEMENT)],
)
class MyStatementDetailView(generics.RetrieveAPIView):
    serializer_class = s.FeeStatementSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def get_queryset(self):
        return _mine(self.request)


class MyStatementConfirmView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["fees"],
        summary="Confirm a statement",
        description="The amounts and the personal account (not a company account).",
        request=s.ConfirmSerializer,
        responses={
            200: s.FeeStatementSerializer,
            400: OpenApiResponse(description="Not waiting, or no consent."),
        },
        examples=[examples.one("Confirmed", CONFIRMED)],
    )
    def post(self, request, pk):
        statement = get_object_or_404(_mine(request), pk=pk)
        body = s.ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.statement_confirm(
            statement=statement,
            user=request.user,
            personal_account=body.validated_data["personal_account"],
        )
        return Response(s.FeeStatementSerializer(_mine(request).get(pk=pk)).data)


class MyStatementDisputeView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    @extend_schema(
        tags=["fees"],
        summary="Dispute a statement or one of its lines",
        request=s.DisputeSerializer,
        responses={
            200: s.FeeStatementSerializer,
            400: OpenApiResponse(description="Not waiting, or no comment."),
        },
        examples=[examples.one("Disputed", {**STATEMENT, "status": "disputed"})],
    )
    def post(self, request, pk):
        statement = get_object_or_404(_mine(request), pk=pk)
        body = s.DisputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        line_id = body.validated_data.get("line")
        line = None
        if line_id is not None:
            line = next((li for li in statement.lines.all() if li.pk == line_id), None)
            if line is None:
                raise exceptions.ValidationError(
                    {"line": [_("Not a line of this statement.")]}
                )
        services.statement_dispute(
            statement=statement,
            user=request.user,
            line=line,
            comment=body.validated_data["comment"],
        )
        return Response(s.FeeStatementSerializer(_mine(request).get(pk=pk)).data)


@extend_schema(
    tags=["fees"],
    summary="Payments I received",
    examples=[examples.page_of("Payments", PAYMENT)],
)
class MyPaymentListView(generics.ListAPIView):
    serializer_class = s.PaymentSerializer
    permission_classes = [permissions.IsAuthenticated, IsLecturer]

    def get_queryset(self):
        return selectors.my_payment_list(viewer=self.request.user)


@extend_schema(
    tags=["fees"],
    summary="Fee rates with their effective dates",
    examples=[examples.page_of("Rates", RATE)],
)
class FeeRateListView(generics.ListAPIView):
    serializer_class = s.FeeRateSerializer
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    def get_queryset(self):
        return selectors.rate_list()


@extend_schema(
    tags=["fees"],
    summary="Fee statements (organizers)",
    examples=[examples.page_of("Statements", STATEMENT)],
    parameters=[
        OpenApiParameter(
            "month", OpenApiTypes.STR, description="YYYY-MM: the monthly register"
        )
    ],
)
class FeeStatementListView(generics.ListAPIView):
    serializer_class = s.FeeStatementSerializer
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    def get_queryset(self):
        month = self.request.query_params.get("month", "")
        if month:
            try:
                year, number = (int(x) for x in month.split("-"))
                if not 1 <= number <= 12 or not 1 <= year <= 9999:
                    raise ValueError
            except ValueError:
                raise exceptions.ValidationError(
                    {"month": [_("Give a month as YYYY-MM.")]}
                ) from None
            return selectors.monthly_register(
                viewer=self.request.user, year=year, month=number
            ).prefetch_related("lines")
        return selectors.statement_list(viewer=self.request.user)


EVENT = {
    "at": "2026-03-08T10:02:00+08:00", "from_status": "pending",
    "to_status": "disputed", "line": 31, "note": "第二節實際授課 90 分鐘，請更正。",
    "actor": "林志明",
}  # fmt: skip
ADJUSTMENT = {
    "at": "2026-03-09T09:15:00+08:00", "line": 31,
    "line_description": LINE["description"], "old_amount": 4000,
    "new_amount": 3000, "reason": "依實際授課時數更正", "actor": "陳承辦",
}  # fmt: skip
STATEMENT_DETAIL = {**STATEMENT, "history": [EVENT], "adjustments": []}
ADJUSTED = {
    **STATEMENT,
    "lines": [{**LINE, "amount": 3000, "adjusted": True, "reason": "依實際授課時數更正"}],
    "taxable_total": 3000, "net_total": 3000,
    "history": [EVENT, {**EVENT, "from_status": "disputed", "to_status": "pending",
                        "note": "依實際授課時數更正", "actor": "陳承辦"}],
    "adjustments": [ADJUSTMENT],
}  # fmt: skip


def _detail(request, statement):
    """The statement as organizers see it, with its history, read afresh."""
    statement = selectors.statement_get(viewer=request.user, pk=statement.pk)
    return s.FeeStatementDetailSerializer(
        statement,
        context={"history": selectors.statement_history(statement=statement)},
    ).data


@extend_schema(
    tags=["fees"],
    summary="One fee statement (organizers)",
    description="Its lines, totals and status, the steps it went through (with "
    "the lecturer's comment when disputed) and the adjustments with their reasons.",
    responses=s.FeeStatementDetailSerializer,
    examples=[examples.one("Statement", STATEMENT_DETAIL)],
)
class FeeStatementDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    def get(self, request, pk):
        statement = selectors.statement_get(viewer=request.user, pk=pk)
        return Response(_detail(request, statement))


class FeeLineAdjustView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    @extend_schema(
        tags=["fees"],
        summary="Adjust a line of a statement (organizers)",
        description="Sets the line's amount, recorded with who, when, the old and "
        "new amount and the reason; the statement goes back to the lecturer to "
        "confirm. A confirmed or paid statement is refused with 400, as a "
        "confirmation out of turn is.",
        request=s.AdjustSerializer,
        responses={
            200: s.FeeStatementDetailSerializer,
            400: OpenApiResponse(
                description="No reason, no amount, or the statement is confirmed "
                "or paid."
            ),
            404: OpenApiResponse(description="No such statement or line."),
        },
        examples=[examples.one("Adjusted", ADJUSTED)],
    )
    def post(self, request, pk, line_id):
        statement = selectors.statement_get(viewer=request.user, pk=pk)
        line = next((li for li in statement.lines.all() if li.pk == line_id), None)
        if line is None:
            raise exceptions.NotFound(_("Not a line of this statement."))
        body = s.AdjustSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.statement_line_adjust(
            line=line,
            actor=request.user,
            amount=body.validated_data["amount"],
            reason=body.validated_data["reason"],
        )
        return Response(_detail(request, statement))
