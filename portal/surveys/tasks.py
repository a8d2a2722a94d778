from django_tasks import task

from . import release
from .models import Questionnaire


@task()
def responses_release_task(questionnaire_id: int) -> int:
    """Release a questionnaire's pending answers if a release is due."""
    questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if questionnaire is None:
        return 0
    return release.responses_release(questionnaire=questionnaire)
