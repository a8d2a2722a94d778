"""Questionnaires through the API: read one and answer it, anonymously, once; and
for organizers, the results under the same small-group rule as the admin."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.serializers import surveys as s
from portal.surveys import selectors, services
from portal.surveys.models import FREE_TEXT_WARNING, Kind

from .organizer import IsOrganizer


def _data(questionnaire, user):
    lecturers = selectors.session_lecturers(questionnaire.session)
    keys = []
    for question in questionnaire.questions.all():
        if question.kind == Kind.LECTURER:
            keys += [f"q{question.pk}-l{lecturer.pk}" for lecturer in lecturers]
        else:
            keys.append(f"q{question.pk}")
    return {
        "id": questionnaire.pk,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "session_id": questionnaire.session_id,
        "open": selectors.is_open(questionnaire),
        "answered": selectors.has_answered(questionnaire=questionnaire, user=user),
        "questions": list(questionnaire.questions.all()),
        "lecturers": lecturers,
        "answer_keys": keys,
        "free_text_note": FREE_TEXT_WARNING,
    }


class QuestionnaireView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["class day"],
        summary="A questionnaire of one of my sessions",
        responses=s.QuestionnaireSerializer,
        examples=[examples.one("Questionnaire", examples.QUESTIONNAIRE)],
    )
    def get(self, request, pk):
        questionnaire = selectors.questionnaire_get(viewer=request.user, pk=pk)
        return Response(
            s.QuestionnaireSerializer(_data(questionnaire, request.user)).data
        )

    @extend_schema(
        tags=["class day"],
        summary="Answer a questionnaire",
        description="Stored without the caller's identity; the caller is only marked "
        "as having answered. Once per trainee. The answers wait, sealed, in a pool "
        "and reach the results in a shuffled batch, so that they cannot be traced "
        "back to the caller. Free text may still identify its writer.",
        request=s.AnswersSerializer,
        responses={
            201: s.QuestionnaireSerializer,
            400: OpenApiResponse(description="Missing or invalid answers, per key."),
        },
        examples=[examples.one("Questionnaire", examples.QUESTIONNAIRE)],
    )
    def post(self, request, pk):
        questionnaire = selectors.questionnaire_get(viewer=request.user, pk=pk)
        body = s.AnswersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.response_submit(
            questionnaire=questionnaire,
            user=request.user,
            data=body.validated_data["answers"],
        )
        return Response(
            s.QuestionnaireSerializer(_data(questionnaire, request.user)).data,
            status=status.HTTP_201_CREATED,
        )


def _score(stats):
    return {
        "n": stats["n"],
        "hidden": stats["hidden"],
        "mean": stats.get("mean"),
        "distribution": stats.get("distribution", []),
    }


def _question_result(item):
    question = item["question"]
    base = {"id": question.pk, "text": question.text, "kind": question.kind}
    stats = {"n": item.get("n", 0), "hidden": item.get("hidden", False)}
    if item["kind"] == Kind.LIKERT:
        stats = item
    return {
        **base,
        **_score(stats),
        "choices": [{"choice": c, "n": n} for c, n in item.get("choices", [])],
        "lecturers": [
            {"lecturer": row["lecturer"], **_score(row)}
            for row in item.get("lecturers", [])
        ],
        "texts": item.get("texts", []),
        "note": item.get("note", ""),
    }


class QuestionnaireResultsView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOrganizer]

    @extend_schema(
        tags=["organizer"],
        summary="Results of a questionnaire",
        description="Counts, means and distributions of the released answers, as on "
        "the admin's results page: figures of fewer than min_group answers are "
        "hidden, pending answers are only counted, and free-text answers may "
        "identify their writers.",
        responses=s.QuestionnaireResultsSerializer,
        examples=[examples.one("Results", examples.QUESTIONNAIRE_RESULTS)],
    )
    def get(self, request, pk):
        questionnaire = selectors.questionnaire_for_organizer(
            viewer=request.user, pk=pk
        )
        data = selectors.results(questionnaire=questionnaire)
        return Response(
            s.QuestionnaireResultsSerializer(
                {
                    **data,
                    "id": questionnaire.pk,
                    "title": questionnaire.title,
                    "session_id": questionnaire.session_id,
                    "closed": selectors.is_closed(questionnaire),
                    "questions": [_question_result(i) for i in data["questions"]],
                }
            ).data
        )
