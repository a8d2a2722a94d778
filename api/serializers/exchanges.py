"""Shapes of seat exchange (異動媒合): offers and the requests about them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import IdField
from api.serializers.people import AgencyBriefSerializer, SessionBriefSerializer
from portal.accounts.names import display_name
from portal.exchanges.models import OfferState


class SeatOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=OfferState.choices)
    enrolment_id = serializers.IntegerField()
    session = SessionBriefSerializer(source="enrolment.session")
    offered_by_name = serializers.SerializerMethodField()
    agency = AgencyBriefSerializer(source="enrolment.agency", allow_null=True)
    note = serializers.CharField()
    offered_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(
        help_text="Until when colleagues may take the seat over."
    )
    mine = serializers.SerializerMethodField(help_text="The caller offered it.")
    can_take = serializers.SerializerMethodField(
        help_text="The caller may take it over themself (a colleague of the offerer)."
    )
    taken_by_name = serializers.SerializerMethodField()

    def get_offered_by_name(self, offer) -> str:
        return display_name(offer.enrolment.user)

    def get_mine(self, offer) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.pk == offer.enrolment.user_id)

    def get_can_take(self, offer) -> bool:
        return bool(getattr(offer, "viewer_is_colleague", False))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_taken_by_name(self, offer):
        return display_name(offer.taken_by) if offer.taken_by_id else None


class OfferRequestSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )


class TakeRequestSerializer(serializers.Serializer):
    person = IdField(
        required=False,
        help_text="HR officers: the person (id) to give the seat to. Omit to take "
        "it over yourself.",
    )
