"""Seat exchange (異動媒合) through the API, by the same selectors and services as
the site: the offers I may see, offer my seat, withdraw my offer, take one over
(or, HR officers, give it to one of their people)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import exchanges as s
from api.serializers.people import EnrolmentSerializer
from portal.accounts.selectors import person_get
from portal.enrolment import selectors as enrolment_selectors
from portal.exchanges import selectors, services

OFFER = {
    "id": 12, "state": "open", "enrolment_id": 9,
    "session": {"id": 42, "code": "B00492", "term": 2, "course_id": 7,
                "course_title": "公文寫作實務班", "start_date": "2026-12-07",
                "end_date": "2026-12-08"},
    "offered_by_name": "王小明",
    "agency": {"id": 88, "code": "379121020A", "name": "資訊局業務一科"},
    "note": "適合承辦公文的同仁", "offered_at": "2026-11-30T10:15:00+08:00",
    "deadline": "2026-12-06T00:00:00+08:00", "mine": False, "can_take": True,
    "taken_by_name": None,
}  # fmt: skip
TAKEN = examples.one(
    "Taken over",
    {**examples.ENROLMENT.value, "id": 31, "person_name": "李大同",
     "source": "exchange"},
)  # fmt: skip
REFUSALS = OpenApiResponse(
    description="Refused, with why: `exchange_closed` (after the deadline), "
    "`started` (the class has begun), `other_agency`, `other_quota`, "
    "`already_registered`, an eligibility rule (`repeat_never`...), `taken` "
    "(someone was first), `waitlist_first` (the seat went to the waiting list)."
)


@extend_schema(
    tags=["seat exchange"],
    summary="Seats offered that I may see",
    description="Open offers of the caller's bureau (colleagues), their own, and "
    "for HR officers their agency's; institute staff see all. `can_take`: the "
    "caller may take the seat over themself.",
    examples=[examples.page_of("Offers", OFFER)],
)
class SeatOfferListView(generics.ListAPIView):
    serializer_class = s.SeatOfferSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.offer_list(viewer=self.request.user)


class OfferSeatView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["seat exchange"],
        summary="Offer my seat to colleagues",
        description="For a selected registration of the caller, before the deadline "
        "(the session's HR cut-off, else the end of the last self-withdrawal day) "
        "and the start. Under the institute's EXCHANGE_WAITLIST_FIRST rule, with "
        "people waiting, the seat goes to the first in line at once: the answer's "
        "`state` is then `released`.",
        request=s.OfferRequestSerializer,
        responses={201: s.SeatOfferSerializer, 400: REFUSALS},
        examples=[
            OpenApiExample("Offer", {"note": "適合承辦公文的同仁"}, request_only=True),
            examples.one("Offered", {**OFFER, "mine": True, "can_take": False}),
        ],
    )
    def post(self, request, pk):
        enrolment = enrolment_selectors.my_enrolment_get(user=request.user, pk=pk)
        body = s.OfferRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = services.offer_create(
            enrolment=enrolment, actor=request.user, note=body.validated_data["note"]
        )
        offer = selectors.my_offer_get(user=request.user, pk=offer.pk)
        return Response(
            s.SeatOfferSerializer(offer, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SeatOfferWithdrawView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["seat exchange"],
        summary="Withdraw my offer",
        description="The caller's own open offer; they keep the seat.",
        request=None,
        responses={
            200: s.SeatOfferSerializer,
            400: OpenApiResponse(description="The offer is no longer open."),
        },
        examples=[
            examples.one("Withdrawn", {**OFFER, "state": "withdrawn", "mine": True})
        ],
    )
    def post(self, request, pk):
        offer = selectors.my_offer_get(user=request.user, pk=pk)
        offer = services.offer_withdraw(offer=offer, actor=request.user)
        offer = selectors.my_offer_get(user=request.user, pk=offer.pk)
        return Response(s.SeatOfferSerializer(offer, context={"request": request}).data)


class SeatOfferTakeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["seat exchange"],
        summary="Take a seat over (or give it to a person)",
        description="A colleague of the offerer takes the seat over; an HR officer "
        "may name one of their people in `person`. The offerer's registration "
        "becomes `substituted` and the taker's is `selected` (source `exchange`); "
        "capacity and agency quotas are unchanged. Two takers at once: one wins, "
        "the other gets 400 `taken`.",
        request=s.TakeRequestSerializer,
        responses={201: EnrolmentSerializer, 400: REFUSALS},
        examples=[
            OpenApiExample("Myself", {}, request_only=True),
            OpenApiExample("HR: give to a person", {"person": 57}, request_only=True),
            TAKEN,
        ],
    )
    def post(self, request, pk):
        offer = selectors.offer_get(viewer=request.user, pk=pk)
        body = s.TakeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        taker = request.user
        if "person" in body.validated_data:
            taker = person_get(
                viewer=request.user, pk=body.validated_data["person"]
            ).user
        new = services.offer_take(offer=offer, taker=taker, actor=request.user)
        new = enrolment_selectors.enrolment_get(viewer=request.user, pk=new.pk)
        return Response(EnrolmentSerializer(new).data, status=status.HTTP_201_CREATED)
