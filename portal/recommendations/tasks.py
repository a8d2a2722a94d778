from django_tasks import task

from . import services


@task()
def precompute_recommendations_task() -> int:
    return services.recommendations_precompute()
