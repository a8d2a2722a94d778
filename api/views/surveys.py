"""Questionnaires through the API: read one and answer it, anonymously, once."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api import serializers as s
from portal.classday import selectors as classday_selectors
from portal.surveys import selectors, services
from portal.surveys.models import Kind, Questionnaire


def _data(questionnaire, user):
    lecturers = services.session_lecturers(questionnaire.session)
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
        "open": services.is_open(questionnaire),
        "answered": selectors.has_answered(questionnaire=questionnaire, user=user),
        "questions": list(questionnaire.questions.all()),
        "lecturers": lecturers,
        "answer_keys": keys,
    }


class QuestionnaireView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _questionnaire(self, request, pk):
        questionnaire = get_object_or_404(
            Questionnaire.objects.select_related("session"), pk=pk, is_template=False
        )
        classday_selectors.my_enrolment(
            user=request.user, session_id=questionnaire.session_id
        )
        return questionnaire

    @extend_schema(
        tags=["class day"],
        summary="A questionnaire of one of my sessions",
        responses=s.QuestionnaireSerializer,
        examples=[examples.one("Questionnaire", examples.QUESTIONNAIRE)],
    )
    def get(self, request, pk):
        questionnaire = self._questionnaire(request, pk)
        return Response(
            s.QuestionnaireSerializer(_data(questionnaire, request.user)).data
        )

    @extend_schema(
        tags=["class day"],
        summary="Answer a questionnaire",
        description="Stored without the caller's identity; the caller is only marked "
        "as having answered. Once per trainee.",
        request=s.AnswersSerializer,
        responses={
            201: s.QuestionnaireSerializer,
            400: OpenApiResponse(description="Missing or invalid answers, per key."),
        },
        examples=[examples.one("Questionnaire", examples.QUESTIONNAIRE)],
    )
    def post(self, request, pk):
        questionnaire = self._questionnaire(request, pk)
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
