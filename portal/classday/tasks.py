from django_tasks import task

from portal.enrolment.models import Enrolment


@task()
def attendance_sync_task(enrolment_id: int) -> None:
    """Bring the training record and hours in line with check-ins and leave."""
    from .services import attendance_sync

    enrolment = (
        Enrolment.objects.select_related("session__course", "user", "agency")
        .filter(pk=enrolment_id, status="selected")
        .first()
    )
    if enrolment is not None:
        attendance_sync(enrolment=enrolment)
