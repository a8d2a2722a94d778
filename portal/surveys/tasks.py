from django_tasks import task


@task()
def responses_release_task(questionnaire_id: int) -> int:
    """Release a questionnaire's pending answers if a release is due."""
    from .models import Questionnaire
    from .services import responses_release

    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is None:
        return 0
    return responses_release(questionnaire=questionnaire)
