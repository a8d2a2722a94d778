"""Training records: a trainee who took (and completed) a session."""

from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records.models import Attendance
from portal.records.services import record_update


def complete(session, user, *, completed=True, agency=None):
    """``user`` was selected for ``session`` and (by default) completed it."""
    enrolment, _created = Enrolment.objects.update_or_create(
        session=session,
        user=user,
        defaults={"status": EnrolmentStatus.SELECTED, "agency": agency},
    )
    return record_update(
        enrolment=enrolment,
        actor=None,
        attendance=Attendance.ATTENDED if completed else Attendance.ABSENT,
    )
