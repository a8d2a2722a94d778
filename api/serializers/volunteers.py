"""Shapes of volunteers' shifts, places, clock times and hours."""

from rest_framework import serializers

from portal.volunteers.models import Period, SignupStatus


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    period = serializers.ChoiceField(choices=Period.choices)
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    duty = NamedSerializer()
    post = NamedSerializer()
    needed = serializers.IntegerField()
    confirmed = serializers.IntegerField(help_text="Places taken.")
    waiting = serializers.IntegerField(help_text="On the waiting list.")


class OpenShiftSerializer(ShiftSerializer):
    qualified = serializers.BooleanField(
        help_text="The caller has completed the duty's required training."
    )
    window_open = serializers.BooleanField(help_text="The month's sign-up is open now.")


class CoverageShiftSerializer(ShiftSerializer):
    missing = serializers.IntegerField(help_text="Places still to fill.")
    no_shows = serializers.IntegerField()


class ShiftBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    duty = serializers.CharField(source="duty.name")
    post = serializers.CharField(source="post.name")


class SignupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    volunteer_name = serializers.CharField(source="volunteer.name")
    shift = ShiftBriefSerializer()
    status = serializers.ChoiceField(choices=SignupStatus.choices)
    clock_in = serializers.DateTimeField(allow_null=True)
    clock_out = serializers.DateTimeField(allow_null=True)
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="Served, clock-in to clock-out."
    )
    allowance = serializers.BooleanField(
        help_text="Both clock times within the tolerance of the shift's hours."
    )


class ClockRequestSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=200, help_text="The content of the post's QR code (its last part)."
    )


class MonthHoursSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    shifts = serializers.IntegerField()
    minutes = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    allowances = serializers.IntegerField()


class HoursSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    shifts = serializers.IntegerField()
    minutes = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    allowances = serializers.IntegerField()
    months = MonthHoursSerializer(many=True)
