"""Shapes of questionnaires: the questions, the answers, the released results."""

from rest_framework import serializers

from api.serializers.catalog import LecturerSerializer


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
