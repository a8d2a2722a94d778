from rest_framework import serializers

from api.serializers.common import IdField


class GradeRowSerializer(serializers.Serializer):
    enrolment_id = IdField(help_text="A selected trainee's enrolment in the session.")
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Scores 0-100 of the scheme's typed parts, by part key.",
    )
    adjustment = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="-50 to 50."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Required with an adjustment.",
    )  # fmt: skip


class GradeBatchSerializer(serializers.Serializer):
    rows = GradeRowSerializer(many=True)


class HonoursActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("compute", "compute"), ("confirm", "confirm"), ("reopen", "reopen")]
    )


class HonoursPlaceSerializer(serializers.Serializer):
    enrolment_id = serializers.IntegerField()
    name = serializers.CharField()
    grade = serializers.DecimalField(max_digits=5, decimal_places=1)
    grade_band = serializers.CharField()
    place = serializers.IntegerField()


class HonoursSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    places = HonoursPlaceSerializer(many=True)


class OnlineCompletionSerializer(serializers.Serializer):
    enrolment_ids = serializers.ListField(
        child=IdField(), min_length=1, max_length=500,
        help_text="Selected trainees' enrolments in the session.",
    )  # fmt: skip
    completed = serializers.BooleanField(default=True)
    completed_at = serializers.DateTimeField(
        required=False, help_text="When it was finished; default now."
    )
