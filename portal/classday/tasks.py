from django_tasks import task

from . import attendance


@task()
def attendance_sync_task(enrolment_id: int) -> None:
    """Bring the training record and hours in line with check-ins and leave."""
    attendance.attendance_sync_of(enrolment_id=enrolment_id)
