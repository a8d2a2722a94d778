"""Shapes of people: the caller, persons, enrolments, records, study hours."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import IdField
from portal.accounts.names import display_name
from portal.enrolment.models import Enrolment, EnrolmentSource, EnrolmentStatus
from portal.records.models import Attendance, StudyHours


class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    agency = AgencyBriefSerializer()
    employee_number = serializers.CharField()
    job_title = serializers.CharField()
    grade = serializers.CharField()
    email = serializers.EmailField()
    national_id_masked = serializers.CharField(help_text="Masked, e.g. A*******89.")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    scope = serializers.ChoiceField(
        choices=["all", "agency", "self"],
        help_text="What personal data the caller may see: all, their agency, or their own.",
    )
    person = PersonSerializer(allow_null=True)


class SessionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    term = serializers.IntegerField()
    course_id = serializers.IntegerField()
    course_title = serializers.CharField(source="course.title")
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class RecordBriefSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    grade = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    grade_band = serializers.CharField(help_text="特優, 優, 甲 ... or empty.")
    honours_rank = serializers.IntegerField(
        allow_null=True, help_text="Place on the session's honours list."
    )
    completed = serializers.BooleanField()


class EnrolmentSerializer(serializers.ModelSerializer):
    session = SessionBriefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, read_only=True)
    source = serializers.ChoiceField(choices=EnrolmentSource.choices, read_only=True)
    person_name = serializers.SerializerMethodField()
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    record = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "session",
            "person_name",
            "agency",
            "status",
            "source",
            "created_at",
            "record",
        ]

    def get_person_name(self, enrolment) -> str:
        return display_name(enrolment.user)

    @extend_schema_field(RecordBriefSerializer(allow_null=True))
    def get_record(self, enrolment):
        record = getattr(enrolment, "record", None)
        return RecordBriefSerializer(record).data if record else None


class StudyHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudyHours
        fields = ["year", "hours", "sessions_completed"]


class AgencyHoursSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(source="id")
    name = serializers.CharField()
    national_id_masked = serializers.CharField()
    employee_number = serializers.CharField()
    agency = AgencyBriefSerializer()
    job_title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    sessions_completed = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )


class NominationSerializer(serializers.Serializer):
    session = IdField(help_text="Session id.")
    people = serializers.ListField(
        child=IdField(),
        min_length=1,
        max_length=200,
        help_text="Person ids.",
    )
    retake = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Nominate people who already completed the course, on purpose "
        "(written in the enrolment's history). The course's own rules still apply.",
    )


class NominationResultSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    enrolment = EnrolmentSerializer(allow_null=True)
    error = serializers.CharField(allow_null=True)
    error_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why, for programs: already_registered, already_completed, "
        "out_of_scope, not_open, repeat_never, repeat_too_soon, group_limit ...",
    )


class SubstitutionSerializer(serializers.Serializer):
    substitute = IdField(help_text="Person id of the colleague.")
    reason = serializers.CharField(max_length=255)


class TransferSerializer(serializers.Serializer):
    session = IdField(
        help_text="Another term of the same course, open for registration."
    )
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_name = serializers.SerializerMethodField()
    session = SessionBriefSerializer()
    year = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    grade = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    grade_band = serializers.CharField(help_text="特優, 優, 甲 ... or empty.")
    grade_parts = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=1),
        help_text="Typed scores of the grade scheme's parts, by part key.",
    )
    grade_adjustment = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True
    )
    grade_adjustment_reason = serializers.CharField()
    honours_rank = serializers.IntegerField(
        allow_null=True, help_text="Place on the session's honours list."
    )
    completed = serializers.BooleanField()

    def get_person_name(self, record) -> str:
        return display_name(record.user)


class RecommendationSerializer(serializers.Serializer):
    course_id = serializers.IntegerField()
    title = serializers.CharField(source="course.title")
    url = serializers.SerializerMethodField()
    rank = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, item) -> str:
        return item.course.get_full_url(request=self.context.get("request")) or ""
