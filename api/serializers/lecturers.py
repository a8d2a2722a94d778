"""Shapes of the lecturer's own data: teaching and profile."""

from rest_framework import serializers

from api.serializers.catalog import VenueSerializer
from api.serializers.common import LocalTimeField
from portal.lecturers.models import LecturerCategory


class TagListField(serializers.ListField):
    """Expertise tags: written as a list of names, read from the tag manager."""

    child = serializers.CharField(max_length=100)

    def to_representation(self, data):
        return sorted(tag.name for tag in data.all())


class TeachingSerializer(serializers.Serializer):
    date = serializers.DateField()
    start_time = LocalTimeField()
    end_time = LocalTimeField()
    topic = serializers.CharField()
    session_id = serializers.IntegerField()
    session_code = serializers.CharField(source="session.code")
    term = serializers.IntegerField(source="session.term")
    course_id = serializers.IntegerField(source="session.course_id")
    course_title = serializers.CharField(source="session.course.title")
    venue = VenueSerializer(source="session.venue", allow_null=True)


class LecturerProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="lecturer.name", read_only=True)
    title = serializers.CharField(source="lecturer.title", read_only=True)
    category = serializers.ChoiceField(choices=LecturerCategory.choices, read_only=True)
    distance_band = serializers.ChoiceField(
        choices=["near", "far", "abroad"], read_only=True
    )
    phone = serializers.CharField(max_length=40, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    education = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    experience = serializers.CharField(
        max_length=4000, allow_blank=True, required=False
    )
    expertise = TagListField(max_length=50, required=False)
    bank_account = serializers.CharField(
        source="bank_account_masked",
        read_only=True,
        help_text="Masked, e.g. 700-****-****5678; empty if none.",
    )
    bank_account_changed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class BankAccountChangeSerializer(serializers.Serializer):
    bank_code = serializers.CharField(max_length=8)
    branch = serializers.CharField(max_length=8)
    account_number = serializers.CharField(max_length=24)
    holder = serializers.CharField(max_length=80)


class BankAccountChangedSerializer(serializers.Serializer):
    bank_account = serializers.CharField()
    changed_at = serializers.DateTimeField()


# Staff: the lecturer records (師資庫) ------------------------------------------

CATEGORIES = LecturerCategory.choices
BANDS = ["near", "far", "abroad"]


class LecturerRecordSerializer(serializers.Serializer):
    """One lecturer in the staff list; the bank account only as on file or not."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="lecturer.name")
    title = serializers.CharField(source="lecturer.title")
    category = serializers.ChoiceField(choices=CATEGORIES)
    distance_band = serializers.ChoiceField(choices=BANDS)
    expertise = TagListField()
    email = serializers.EmailField()
    has_account = serializers.SerializerMethodField()
    has_bank_account = serializers.BooleanField()

    def get_has_account(self, obj) -> bool:
        return obj.user_id is not None


class TeachingYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    periods = serializers.IntegerField()
    entries = TeachingSerializer(many=True)


class RatingFiguresSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="How many answers.")
    hidden = serializers.BooleanField(
        help_text="True when fewer than min_group answers: no mean is shown."
    )
    mean = serializers.FloatField(allow_null=True)


class QuestionRatingSerializer(RatingFiguresSerializer):
    question = serializers.CharField()


class SessionRatingSerializer(serializers.Serializer):
    questionnaire = serializers.CharField()
    session_code = serializers.CharField(allow_null=True)
    term = serializers.IntegerField(allow_null=True)
    course = serializers.CharField(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    questions = QuestionRatingSerializer(many=True)


class YearRatingSerializer(RatingFiguresSerializer):
    year = serializers.IntegerField()


class RatingsSerializer(serializers.Serializer):
    sessions = SessionRatingSerializer(many=True)
    years = YearRatingSerializer(many=True)
    min_group = serializers.IntegerField()


class LecturerRecordDetailSerializer(LecturerRecordSerializer):
    """The whole record for staff: the bank account masked, never in clear."""

    phone = serializers.CharField()
    education = serializers.CharField()
    experience = serializers.CharField()
    bank_account = serializers.CharField(
        source="bank_account_masked",
        help_text="Masked, e.g. 700-****-****5678; empty if none.",
    )
    bank_account_changed_at = serializers.DateTimeField(allow_null=True)
    teaching_history = TeachingYearSerializer(many=True)
    ratings = RatingsSerializer()


class LecturerRecordFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    expertise = serializers.CharField(required=False, allow_blank=True, max_length=100)
