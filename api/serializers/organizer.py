"""Shapes of an organizer's class day: arrivals, marks, kiosk, leave, meals, votes."""

from rest_framework import serializers

from api.serializers.classday import LeaveSerializer
from api.serializers.common import IdField


class ArrivalSerializer(serializers.Serializer):
    enrolment_id = serializers.IntegerField()
    name = serializers.CharField()
    agency = serializers.CharField()
    seat = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_out_at = serializers.DateTimeField(allow_null=True)
    method = serializers.CharField()


class MarkSerializer(serializers.Serializer):
    enrolment_id = IdField()
    kind = serializers.ChoiceField(choices=["in", "out"], default="in")
    reason = serializers.CharField(max_length=200)


class KioskSerializer(serializers.Serializer):
    national_id = serializers.CharField(max_length=10)
    kind = serializers.ChoiceField(choices=["in", "out"], default="in")


class OrganizerLeaveSerializer(LeaveSerializer):
    enrolment_id = serializers.IntegerField(read_only=True)
    trainee = serializers.CharField(read_only=True)


class LeaveDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MealCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    regular = serializers.IntegerField()
    vegetarian = serializers.IntegerField()
    none = serializers.IntegerField()
    unknown = serializers.IntegerField(
        help_text="Selected trainees who did not choose."
    )


class VoteOpenSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=200)
    options = serializers.ListField(
        child=serializers.CharField(max_length=120), min_length=2, max_length=20
    )


class VoteStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "closed", "published"])
