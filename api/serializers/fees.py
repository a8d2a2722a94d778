from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.accounts.names import display_name
from portal.fees.models import FeeLine, FeeRate, FeeStatement


class FeeRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeRate
        fields = [
            "id",
            "category",
            "amount",
            "effective_from",
            "effective_to",
            "source",
        ]


class FeeLineSerializer(serializers.ModelSerializer):
    periods = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)
    rate = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True)

    class Meta:
        model = FeeLine
        fields = [
            "id",
            "kind",
            "date",
            "description",
            "minutes",
            "periods",
            "rate",
            "computed_amount",
            "amount",
            "adjusted",
            "reason",
        ]


class FeeStatementSerializer(serializers.ModelSerializer):
    lecturer = serializers.CharField(source="lecturer.lecturer.name", read_only=True)
    session_code = serializers.CharField(source="session.code", read_only=True)
    course_title = serializers.CharField(source="session.course.title", read_only=True)
    bank_account = serializers.SerializerMethodField()
    lines = FeeLineSerializer(many=True, read_only=True)

    class Meta:
        model = FeeStatement
        fields = [
            "id",
            "lecturer",
            "session_code",
            "course_title",
            "category",
            "date",
            "status",
            "taxable_total",
            "travel_total",
            "premium",
            "tax",
            "net_total",
            "bank_account",
            "confirmed_at",
            "paid_on",
            "lines",
        ]

    def get_bank_account(self, obj) -> str:
        return obj.confirmed_account or obj.lecturer.bank_account_masked


class PaymentSerializer(serializers.ModelSerializer):
    session_code = serializers.CharField(source="session.code", read_only=True)
    course_title = serializers.CharField(source="session.course.title", read_only=True)

    class Meta:
        model = FeeStatement
        fields = [
            "id",
            "session_code",
            "course_title",
            "paid_on",
            "net_total",
            "confirmed_account",
        ]


class ConfirmSerializer(serializers.Serializer):
    personal_account = serializers.BooleanField(
        help_text="The account is my personal account, not a company account."
    )


class DisputeSerializer(serializers.Serializer):
    line = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    comment = serializers.CharField(max_length=2000)


class ActorField(serializers.CharField):
    """Who did it, named as on every face; empty when the account is gone."""

    def to_representation(self, value):
        return display_name(value) if value is not None else ""


class FeeEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    line = serializers.IntegerField(source="line_id", allow_null=True)
    note = serializers.CharField(help_text="The reason, or the lecturer's comment.")
    actor = ActorField()


class FeeAdjustmentSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    line = serializers.IntegerField(source="line_id", allow_null=True)
    line_description = serializers.CharField()
    old_amount = serializers.IntegerField(allow_null=True)
    new_amount = serializers.IntegerField()
    reason = serializers.CharField()
    actor = ActorField()


class FeeStatementDetailSerializer(FeeStatementSerializer):
    """A statement for organizers: its lines, totals, status and history (the
    steps and the adjustments, given in the context as ``history``)."""

    history = serializers.SerializerMethodField()
    adjustments = serializers.SerializerMethodField()

    class Meta(FeeStatementSerializer.Meta):
        fields = [*FeeStatementSerializer.Meta.fields, "history", "adjustments"]

    @extend_schema_field(FeeEventSerializer(many=True))
    def get_history(self, obj):
        events, _adjustments = self.context["history"]
        return FeeEventSerializer(events, many=True).data

    @extend_schema_field(FeeAdjustmentSerializer(many=True))
    def get_adjustments(self, obj):
        _events, adjustments = self.context["history"]
        return FeeAdjustmentSerializer(adjustments, many=True).data


class AdjustSerializer(serializers.Serializer):
    amount = serializers.IntegerField(
        min_value=0,
        max_value=10_000_000,
        help_text="The line's new amount in NT$.",
        error_messages={"required": _("Give an amount."), "null": _("Give an amount.")},
    )
    reason = serializers.CharField(
        max_length=2000,
        help_text="Why the amount changes; recorded and shown to the lecturer.",
        error_messages={
            "required": _("Give the reason."),
            "blank": _("Give the reason."),
            "null": _("Give the reason."),
        },
    )
