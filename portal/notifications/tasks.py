from django_tasks import task

from . import services


@task()
def send_email_task(email_id: int) -> str:
    return services.email_send(email_id=email_id)


@task()
def sweep_task() -> dict:
    """Re-queue lost e-mails and recompute lost attendance syncs (see tasks_sweep)."""
    from portal.classday.services import attendance_sweep

    return {**services.email_sweep(), "attendance": attendance_sweep()}
