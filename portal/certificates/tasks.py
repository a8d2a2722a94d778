from django_tasks import task

from . import services


@task()
def certificates_issue_due_task() -> dict:
    """Issue the certificates due (what ``certificates_issue_due`` runs)."""
    summary = services.certificate_issue_due()
    return {"issued": len(summary.issued), "refused": len(summary.refused)}
