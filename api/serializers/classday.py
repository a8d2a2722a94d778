"""Shapes of a trainee's class day: check-in, timetable, leave, meals, votes."""

from rest_framework import serializers

from api.serializers.common import IdField, LocalTimeField


class CheckInRequestSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=200, help_text="The content of the session's QR code (its token)."
    )


class CheckInResultSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["in", "out"])
    already = serializers.BooleanField(
        help_text="True for a repeated scan: nothing new was recorded."
    )
    seat = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField()
    checked_out_at = serializers.DateTimeField(allow_null=True)


class TimetablePeriodSerializer(serializers.Serializer):
    start_time = LocalTimeField()
    end_time = LocalTimeField()
    topic = serializers.CharField()
    lecturer = serializers.CharField(source="lecturer.name", default="")


class LeaveSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        allow_null=True,
        help_text="Empty for the whole day.",
    )
    starts_at = serializers.TimeField(
        required=False,
        allow_null=True,
        help_text="When leave of some hours begins (HH:MM).",
    )
    reason = serializers.CharField(max_length=300)
    status = serializers.ChoiceField(
        choices=["pending", "approved", "refused", "dropped"], read_only=True
    )
    decision_note = serializers.CharField(read_only=True)


class MealChoiceSerializer(serializers.Serializer):
    date = serializers.DateField()
    meal = serializers.ChoiceField(choices=["regular", "vegetarian", "none"])


class VoteOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    votes = serializers.IntegerField(
        required=False, help_text="Only when the results are visible to the caller."
    )


class VoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed", "published"])
    total = serializers.IntegerField(required=False)
    options = VoteOptionSerializer(many=True)


class BallotRequestSerializer(serializers.Serializer):
    option = IdField(help_text="An option id of the vote.")


class ClassDaySerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    course_title = serializers.CharField()
    date = serializers.DateField()
    seat = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_out_at = serializers.DateTimeField(allow_null=True)
    timetable = TimetablePeriodSerializer(many=True)
    leave = LeaveSerializer(many=True)
    meals = MealChoiceSerializer(many=True)
    meals_open = serializers.BooleanField()
    votes = VoteSerializer(many=True)
