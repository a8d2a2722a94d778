"""Shapes of the API's data. They hold no rules: selectors and services decide."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from cms.core.converters import MAX_ID
from cms.news.models import NewsPage
from portal.enrolment.models import Enrolment, EnrolmentSource, EnrolmentStatus
from portal.records.models import Attendance, StudyHours


class IdField(serializers.IntegerField):
    """An identifier sent by a client: 1 to 2**63 - 1, what an id column holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
        "example": "09:30:00",
        "description": "Wall-clock time at the venue (Asia/Taipei), without an "
        "offset: HH:MM:SS.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day in the institute's time zone.

    Not typed ``format: time``: RFC 3339's full-time needs an offset, and a
    timetable's 09:30 is a local time, not an instant.
    """


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


class HandoutSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="handout.id")
    title = serializers.CharField(source="handout.title")
    file_extension = serializers.CharField(source="handout.file_extension")
    file_size = serializers.IntegerField(source="handout.file_size", allow_null=True)
    visibility = serializers.CharField(source="handout.visibility")
    session_id = serializers.IntegerField(source="handout.session_id", allow_null=True)
    can_download = serializers.BooleanField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.URLField(
            allow_null=True, help_text="Null when the caller may not download it."
        )
    )
    def get_download_url(self, item) -> str | None:
        if not item.can_download:
            return None
        path = reverse("api:handout-download", args=[item.handout.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


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


# People -------------------------------------------------------------------------


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
        person = getattr(enrolment.user, "person", None)
        return person.name if person else enrolment.user.get_username()

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


# Requests -----------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=255,
        required=False,
        default="API",
        help_text="A label for this token.",
    )


class TokenCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    token = serializers.CharField(
        help_text="Shown once; send as `Authorization: Bearer <token>`."
    )
    name = serializers.CharField()
    created = serializers.DateTimeField()


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    created = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)


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


class NominationResultSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    enrolment = EnrolmentSerializer(allow_null=True)
    error = serializers.CharField(allow_null=True)


class SubstitutionSerializer(serializers.Serializer):
    substitute = IdField(help_text="Person id of the colleague.")
    reason = serializers.CharField(max_length=255)


class HandoutLinkSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Works without headers until it expires.")
    expires_at = serializers.DateTimeField()


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_name = serializers.SerializerMethodField()
    session = SessionBriefSerializer()
    year = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    grade = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    completed = serializers.BooleanField()

    def get_person_name(self, record) -> str:
        person = getattr(record.user, "person", None)
        return person.name if person else record.user.get_username()


class RecommendationSerializer(serializers.Serializer):
    course_id = serializers.IntegerField()
    title = serializers.CharField(source="course.title")
    url = serializers.SerializerMethodField()
    rank = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, item) -> str:
        return item.course.get_full_url(request=self.context.get("request")) or ""


# Licensing -------------------------------------------------------------------


class LicensableMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    course_id = serializers.IntegerField(allow_null=True)
    course_title = serializers.CharField(
        source="course.title", allow_null=True, default=None
    )


class LicenseEventSerializer(serializers.Serializer):
    status = serializers.CharField(source="to_status")
    at = serializers.DateTimeField()
    note = serializers.CharField()


class LicenseDownloadLinkSerializer(serializers.Serializer):
    material_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class LicenseApplicationSerializer(serializers.Serializer):
    reference = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    applicant = serializers.CharField(source="applicant.get_username")
    status = serializers.ChoiceField(
        choices=["submitted", "under_review", "approved", "refused", "granted"]
    )
    materials = LicensableMaterialSerializer(many=True, source="materials.all")
    purpose = serializers.CharField()
    audience = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    users_count = serializers.IntegerField()
    conditions = serializers.CharField()
    refusal_reason = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    granted_at = serializers.DateTimeField(allow_null=True)
    links_expire_at = serializers.DateTimeField(allow_null=True)
    events = LicenseEventSerializer(many=True, source="events.all")
    download_links = serializers.SerializerMethodField()

    @extend_schema_field(LicenseDownloadLinkSerializer(many=True))
    def get_download_links(self, obj):
        """Only for the applicant, while the license's links are active."""
        return self.context.get("links", {}).get(obj.pk, [])


class LicenseApplySerializer(serializers.Serializer):
    materials = serializers.ListField(
        child=IdField(),
        allow_empty=False,
        help_text="Ids from GET /licensing/materials/.",
    )
    purpose = serializers.CharField(max_length=2000)
    audience = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    users_count = serializers.IntegerField(min_value=1, max_value=1_000_000)
    terms_accepted = serializers.BooleanField(
        help_text="Must be true: the terms on the application page are accepted."
    )


class LicenseTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=["under_review", "approved", "refused", "granted"],
        help_text="The next step: submitted → under_review → approved → granted; "
        "refused from any step before granted.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Conditions when approving; the reason when refusing (required).",
    )


# Class day -------------------------------------------------------------------


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
    reason = serializers.CharField(max_length=300)
    status = serializers.ChoiceField(
        choices=["pending", "approved", "refused"], read_only=True
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


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=["likert", "choice", "text", "lecturer"])
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), source="choice_list")


class QuestionnaireSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    introduction = serializers.CharField()
    session_id = serializers.IntegerField()
    open = serializers.BooleanField()
    answered = serializers.BooleanField()
    questions = QuestionSerializer(many=True)
    lecturers = LecturerSerializer(many=True)
    answer_keys = serializers.ListField(
        child=serializers.CharField(),
        help_text="The keys to answer: q<question id>, or q<question id>-l<lecturer "
        "id> for each lecturer of a lecturer question.",
    )
    free_text_note = serializers.CharField(
        help_text="To show beside free-text questions: answers are stored without "
        "the writer's name, but the words themselves may identify the writer.",
    )


class ScoreSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Released answers counted.")
    hidden = serializers.BooleanField(
        help_text="Fewer answers than min_group: no figures are given."
    )
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Answers scoring 1 to 5; empty when hidden.",
    )


class LecturerScoreSerializer(ScoreSerializer):
    lecturer = LecturerSerializer()


class ChoiceCountSerializer(serializers.Serializer):
    choice = serializers.CharField()
    n = serializers.IntegerField()


class QuestionResultSerializer(ScoreSerializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=["likert", "choice", "text", "lecturer"])
    choices = ChoiceCountSerializer(many=True, help_text="Empty when hidden.")
    lecturers = LecturerScoreSerializer(many=True)
    texts = serializers.ListField(
        child=serializers.CharField(),
        help_text="Free-text answers, sorted; they may identify their writers.",
    )
    note = serializers.CharField(allow_blank=True)


class QuestionnaireResultsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    session_id = serializers.IntegerField()
    closed = serializers.BooleanField()
    selected = serializers.IntegerField(help_text="Selected trainees.")
    answered = serializers.IntegerField(help_text="Trainees who answered.")
    rate = serializers.FloatField(help_text="answered / selected.")
    responses = serializers.IntegerField(
        help_text="Answers released into the figures below."
    )
    pending = serializers.IntegerField(
        help_text="Answers not yet released: counted, not shown."
    )
    min_group = serializers.IntegerField(
        help_text="No figure is given of fewer answers than this."
    )
    free_text_note = serializers.CharField()
    questions = QuestionResultSerializer(many=True)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000),
        help_text="Key (see answer_keys) to value: 1–5 for scales and lecturer "
        "ratings, one of the choices, or free text.",
    )


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
