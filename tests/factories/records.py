"""Training records: a trainee who took (and completed) a session."""

from decimal import Decimal

from cms.catalog.models import GradeBand, GradePart, GradeScheme
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records.models import Attendance
from portal.records.services import record_update

from .catalog import make_course, make_session
from .people import make_agencies, make_person
from .users import make_user


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


def make_scheme(honours_size=3):
    """出席 20% (from the hours), 報告 30%, 測驗 50%; bands 特優 100 ... 丁 0."""
    scheme = GradeScheme.objects.create(name="標準評分", honours_size=honours_size)
    GradePart.objects.create(scheme=scheme, key="attendance", name="出席", weight=20,
                             source="attendance")  # fmt: skip
    GradePart.objects.create(scheme=scheme, key="report", name="報告", weight=30)
    GradePart.objects.create(scheme=scheme, key="test", name="測驗", weight=50)
    for label, minimum in (
        ("特優", 100),
        ("優", 90),
        ("甲", 80),
        ("乙", 70),
        ("丁", 0),
    ):
        GradeBand.objects.create(scheme=scheme, label=label, minimum=minimum)
    return scheme


def make_graded_session(catalog):
    """(session, enrolments, organizer): a 10-hour course graded by the scheme,
    four selected trainees who attended."""
    agencies = make_agencies()
    course = make_course(catalog, study_hours=Decimal("10"), grade_scheme=make_scheme())
    session = make_session(course, capacity=10)
    enrolments = []
    for i in range(4):
        person = make_person(f"graded{i}", agencies["it"], name=f"學員{i}")
        enrolment = enrolment_services.enrolment_register(
            session=session, trainee=person.user
        )
        record_update(enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED)
        enrolments.append(enrolment)
    return session, enrolments, make_user("grader", "Organizers")
