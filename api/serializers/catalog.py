"""Shapes of the catalog: courses, sessions, timetables, categories, venues, news."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import LocalTimeField
from api.serializers.handouts import HandoutSerializer
from cms.catalog.models import (
    CourseCategory,
    CoursePage,
    DeliveryMode,
    Lecturer,
    Session,
    SessionStatus,
    TimetableEntry,
    Venue,
)
from cms.news.models import NewsPage


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseCategory
        fields = ["id", "name", "name_en", "slug"]


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "building", "address", "capacity", "accessible"]


class LecturerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lecturer
        fields = ["id", "name", "title"]


class TimetableEntrySerializer(serializers.ModelSerializer):
    start_time = LocalTimeField(read_only=True)
    end_time = LocalTimeField(read_only=True)
    lecturer = serializers.CharField(
        source="lecturer.name", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = TimetableEntry
        fields = ["date", "start_time", "end_time", "topic", "lecturer"]


class SessionSerializer(serializers.ModelSerializer):
    """A session with its venue; the timetable where the view embeds it."""

    delivery_mode = serializers.ChoiceField(
        choices=DeliveryMode.choices, source="effective_delivery_mode", read_only=True
    )
    status = serializers.ChoiceField(choices=SessionStatus.choices, read_only=True)
    open_for_registration = serializers.BooleanField(
        source="is_open_for_registration", read_only=True
    )
    venue = VenueSerializer(read_only=True, allow_null=True)
    course_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id", "course_id", "code", "term", "start_date", "end_date", "venue",
            "capacity", "registration_opens", "registration_closes", "delivery_mode",
            "status", "open_for_registration",
        ]  # fmt: skip


class SessionWithTimetableSerializer(SessionSerializer):
    timetable = TimetableEntrySerializer(many=True, read_only=True)

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "timetable"]


class CourseListSerializer(serializers.ModelSerializer):
    """A course of the catalog with its upcoming sessions."""

    url = serializers.SerializerMethodField()
    category = CategorySerializer(read_only=True)
    delivery_mode = serializers.ChoiceField(
        choices=DeliveryMode.choices, read_only=True
    )
    next_session_start = serializers.DateField(
        source="next_start", read_only=True, allow_null=True
    )
    registration_open = serializers.BooleanField(read_only=True)
    upcoming_sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = CoursePage
        fields = [
            "id", "title", "title_en", "slug", "url", "summary", "category",
            "study_hours", "delivery_mode", "elearning_url", "next_session_start",
            "registration_open", "upcoming_sessions",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, course) -> str:
        return course.get_full_url(request=self.context.get("request")) or ""


class OutlineUnitSerializer(serializers.Serializer):
    title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    description = serializers.CharField(allow_blank=True)


class CourseDetailSerializer(CourseListSerializer):
    """A course with everything its page shows."""

    objectives = serializers.SerializerMethodField()
    outline = serializers.SerializerMethodField()
    competencies = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    lecturers = LecturerSerializer(many=True, read_only=True)
    upcoming_sessions = SessionWithTimetableSerializer(many=True, read_only=True)
    past_sessions = SessionSerializer(many=True, read_only=True)
    handouts = HandoutSerializer(many=True, read_only=True, source="visible_handouts")

    class Meta(CourseListSerializer.Meta):
        fields = [
            *CourseListSerializer.Meta.fields,
            "audience", "objectives", "outline", "competencies", "lecturers",
            "past_sessions", "handouts",
        ]  # fmt: skip

    def get_objectives(self, course) -> list[str]:
        return [str(block.value) for block in course.objectives]

    @extend_schema_field(OutlineUnitSerializer(many=True))
    def get_outline(self, course):
        # Through the declared serializer, so that hours are decimal strings.
        return OutlineUnitSerializer(
            [
                {
                    "title": block.value["title"],
                    "hours": block.value["hours"],
                    "description": block.value.get("description") or "",
                }
                for block in course.outline
                if block.block_type == "unit"
            ],
            many=True,
        ).data


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    category = FacetValueSerializer(many=True)
    mode = FacetValueSerializer(many=True)
    month = FacetValueSerializer(many=True)
    open_for_registration = serializers.IntegerField()


class NewsSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NewsPage
        fields = ["id", "title", "date", "introduction", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page) -> str:
        return page.get_full_url(request=self.context.get("request")) or ""
