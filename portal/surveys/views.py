"""Answering a questionnaire on the phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import selectors, services
from .models import FREE_TEXT_WARNING, LIKERT_LABELS, Kind


def _fields(questionnaire, data, errors):
    """What the form shows: each question (per lecturer where asked) with the
    value typed so far and its error."""
    lecturers = selectors.session_lecturers(questionnaire.session)
    fields = []
    for question in questionnaire.questions.all():
        targets = lecturers if question.kind == Kind.LECTURER else [None]
        for lecturer in targets:
            name = f"q{question.pk}" + (f"-l{lecturer.pk}" if lecturer else "")
            fields.append(
                {
                    "name": name,
                    "question": question,
                    "lecturer": lecturer,
                    "value": data.get(name, ""),
                    "error": errors.get(name),
                }
            )
    return fields


@login_required
def answer(request, pk):
    questionnaire = selectors.questionnaire_get(viewer=request.user, pk=pk)
    if selectors.has_answered(questionnaire=questionnaire, user=request.user):
        return TemplateResponse(
            request, "surveys/answered.html", {"questionnaire": questionnaire}
        )
    errors, data, general = {}, {}, None
    if request.method == "POST":
        data = request.POST
        try:
            services.response_submit(
                questionnaire=questionnaire, user=request.user, data=data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {k: " ".join(v) for k, v in error.message_dict.items()}
                general = _("Please answer the questions marked below.")
            else:
                general = " ".join(error.messages)
        except PermissionDenied as error:
            general = str(error)
        else:
            messages.success(
                request, _("Thank you. Your answers are recorded anonymously.")
            )
            return redirect("classday:day", session_id=questionnaire.session_id)
    return TemplateResponse(
        request,
        "surveys/answer.html",
        {
            "questionnaire": questionnaire,
            "fields": _fields(questionnaire, data, errors),
            "general": general,
            "scale": list(LIKERT_LABELS.items()),
            "open": selectors.is_open(questionnaire),
            "free_text_warning": FREE_TEXT_WARNING,
        },
        status=400 if general else 200,
    )
