"""A demo seat offer (異動媒合): a colleague of the demo trainee in 資訊局 cannot
attend an upcoming class and offers the seat, so the trainee (王小明) finds it on
可接手的名額 and hr_a can give it to someone. Made through the service, which
checks the deadline and queues no e-mail for an offer."""

from django.core.exceptions import PermissionDenied, ValidationError

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.exchanges.models import SeatOffer
from portal.exchanges.services import offer_create


def exchanges_demo(*, users, today, report):
    """One open offer in the demo trainee's bureau; running it again changes nothing."""
    trainee = users.get("trainee")
    if trainee is None or SeatOffer.objects.exists():
        return
    taken = Enrolment.objects.filter(user=trainee).values("session_id")
    candidates = (
        Enrolment.objects.filter(
            user__username__startswith="it",
            status=EnrolmentStatus.SELECTED,
            session__start_date__gt=today,
        )
        .exclude(session_id__in=taken)
        .select_related("session", "user")
        .order_by("session__start_date", "pk")
    )
    for enrolment in candidates:
        try:
            offer_create(
                enrolment=enrolment,
                actor=enrolment.user,
                note="臨時有公務無法參訓，歡迎同仁接手。",
            )
        except (ValidationError, PermissionDenied):
            continue  # too close to the start, or a class that takes no substitutes
        report.add("seat offers")
        return
