"""Demo certificates: the demo trainees' completed trainings of past sessions
get theirs, as the scheduled task would have issued them; the first in both
languages, and one of ``trainee2`` revoked, so the verification page can be
tried in every state."""

from django.core.exceptions import ValidationError

from portal.certificates import services
from portal.certificates.models import Certificate
from portal.records.models import TrainingRecord

PER_TRAINEE = 3


def certificates_demo(*, users, today, report):
    """Create the certificates once; running it again changes nothing."""
    organizer = users.get("organizer")
    if organizer is None or Certificate.objects.exists():
        return
    issued = {}
    for username in ("trainee", "trainee2"):
        user = users.get(username)
        if user is None:
            continue
        records = (
            TrainingRecord.objects.filter(
                user=user, completed=True, session__end_date__lt=today
            )
            .select_related("session__course")
            .order_by("session__start_date", "pk")
        )
        issued[username] = []
        for record in records:
            if len(issued[username]) == PER_TRAINEE:
                break
            try:
                certificate = services.certificate_issue(
                    record=record, language="zh-hant", actor=organizer
                )
            except ValidationError:
                continue  # a blended course not finished online: none yet
            issued[username].append(certificate)
            report.add("certificates")
    if issued.get("trainee"):
        services.certificate_issue(
            record=issued["trainee"][0].record, language="en", actor=organizer
        )
        report.add("certificates")
    if issued.get("trainee2"):
        services.certificate_revoke(
            certificate=issued["trainee2"][-1],
            actor=organizer,
            reason="時數登錄錯誤，待更正後重新核發",
        )
