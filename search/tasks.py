from django_tasks import task

from . import elastic


@task()
def index_course_task(course_id: int) -> None:
    elastic.index_course(course_id)
