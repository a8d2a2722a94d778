from rest_framework import serializers

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
