"""Shapes of the trainee's hours overview and the HR compliance list."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from portal.certificates.models import Language
from portal.records.models import Attendance


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class CertificateLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    language = serializers.ChoiceField(choices=Language.choices)
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, certificate) -> str:
        return _absolute(self, reverse("api:my-certificate-pdf", args=[certificate.pk]))


class HoursLineSerializer(serializers.Serializer):
    """One of the year's training records."""

    record_id = serializers.IntegerField(source="pk")
    course_id = serializers.IntegerField(source="session.course_id")
    course_title = serializers.CharField(source="session.course.title")
    session_id = serializers.IntegerField(source="session.pk")
    session_code = serializers.CharField(source="session.code")
    term = serializers.IntegerField(source="session.term")
    start_date = serializers.DateField(source="session.start_date")
    end_date = serializers.DateField(source="session.end_date")
    delivery_mode = serializers.CharField(source="session.effective_delivery_mode")
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    completed = serializers.BooleanField()
    grade_band = serializers.CharField(help_text="特優, 優, 甲 ... or empty.")
    certificates = CertificateLinkSerializer(
        source="live_certificates", many=True, help_text="Live (not revoked) ones."
    )


class NextSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    term = serializers.IntegerField()
    course_id = serializers.IntegerField()
    course_title = serializers.CharField(source="course.title")
    start_date = serializers.DateField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, session) -> str:
        page = session.course.get_full_url(request=self.context.get("request"))
        return f"{page}#session-{session.pk}" if page else ""


class CourseLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class RuleProgressSerializer(serializers.Serializer):
    rule_id = serializers.IntegerField(source="rule.pk")
    name = serializers.CharField(source="rule.name")
    hours_required = serializers.DecimalField(
        source="required", max_digits=4, decimal_places=1
    )
    hours_done = serializers.DecimalField(source="done", max_digits=7, decimal_places=1)
    met = serializers.BooleanField()
    percent = serializers.IntegerField(help_text="Done over required, at most 100.")
    courses = CourseLinkSerializer(
        many=True, help_text="Published courses that count toward it."
    )
    record_ids = serializers.SerializerMethodField(
        help_text="The year's completed records that count."
    )
    next_session = NextSessionSerializer(
        allow_null=True, help_text="The first session open for registration."
    )

    def get_record_ids(self, progress) -> list[int]:
        return [record.pk for record in progress.records]


class YearHoursSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    sessions_completed = serializers.IntegerField()


class ModeHoursSerializer(serializers.Serializer):
    delivery_mode = serializers.CharField(help_text="Its label, in the language asked.")
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)


class HoursOverviewSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    years = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="This year and the years with hours, newest first.",
    )
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    sessions_completed = serializers.IntegerField()
    by_delivery_mode = serializers.SerializerMethodField()
    lines = HoursLineSerializer(source="records", many=True)
    mandatory = RuleProgressSerializer(many=True)
    by_year = serializers.SerializerMethodField(
        help_text="At least the last five years, oldest first (the chart's figures)."
    )

    @extend_schema_field(ModeHoursSerializer(many=True))
    def get_by_delivery_mode(self, overview):
        return ModeHoursSerializer(
            [{"delivery_mode": str(m), "hours": h} for m, h in overview.by_mode],
            many=True,
        ).data

    @extend_schema_field(YearHoursSerializer(many=True))
    def get_by_year(self, overview):
        return YearHoursSerializer(
            [
                {"year": y, "hours": h, "sessions_completed": n}
                for y, h, n in overview.chart_years
            ],
            many=True,
        ).data


class ComplianceRowSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    national_id_masked = serializers.CharField(help_text="Masked, e.g. A*******89.")
    employee_number = serializers.CharField()
    job_title = serializers.CharField()
    agency_code = serializers.CharField()
    agency_name = serializers.CharField()
    rule_id = serializers.IntegerField(source="rule.pk")
    rule_name = serializers.CharField(source="rule.name")
    hours_done = serializers.DecimalField(source="done", max_digits=7, decimal_places=1)
    hours_required = serializers.DecimalField(
        source="required", max_digits=4, decimal_places=1
    )
    met = serializers.BooleanField()


class ComplianceSummarySerializer(serializers.Serializer):
    rule_id = serializers.IntegerField()
    rule_name = serializers.CharField()
    hours_required = serializers.DecimalField(max_digits=4, decimal_places=1)
    met = serializers.IntegerField(help_text="People who have met it.")
    total = serializers.IntegerField(help_text="People it applies to.")


class CompliancePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    year = serializers.IntegerField()
    summary = ComplianceSummarySerializer(
        many=True, help_text="Per rule, for the filters but met/unmet."
    )
    results = ComplianceRowSerializer(many=True)
