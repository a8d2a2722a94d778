"""A small institute shared by the scoping tests of every face."""

from types import SimpleNamespace

from cms.handouts.models import Visibility
from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import services as enrolment_services
from portal.records import services as records_services
from portal.records.models import Attendance

from .catalog import make_category, make_course, make_session, make_venue
from .handouts import make_handout
from .people import make_agencies, make_person
from .users import make_user


def make_world(catalog):
    """Two agencies with an HR officer each and one trainee each, both selected and
    attended in one session with public, enrolled-only and staff-only handouts."""
    agencies = make_agencies()
    hr_a = make_person("hr_a", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    hr_b = make_person("hr_b", agencies["edu"], HR_OFFICERS, hr_agency=agencies["edu"])
    alice = make_person("alice", agencies["it_unit"], name="資訊甲")
    bob = make_person("bob", agencies["edu"], name="教育乙")
    category = make_category(name="資訊科技", slug="it")
    course = make_course(catalog, title="資訊安全基礎班", category=category)
    session = make_session(course, capacity=10, venue=make_venue(), timetable=2)
    organizer = make_user("organizer", "Organizers")
    enrolments = {}
    for person in (alice, bob):
        enrolment = enrolment_services.enrolment_register(
            session=session, trainee=person.user
        )
        records_services.record_update(
            enrolment=enrolment, actor=organizer, attendance=Attendance.ATTENDED
        )
        enrolments[person.user.username] = enrolment
    public = make_handout(course, visibility=Visibility.PUBLIC, title="課程簡介")
    enrolled = make_handout(
        course, visibility=Visibility.ENROLLED, session=session, title="學員講義"
    )
    staff_only = make_handout(course, visibility=Visibility.STAFF, title="內部教案")
    return SimpleNamespace(
        agencies=agencies, hr_a=hr_a, hr_b=hr_b, alice=alice, bob=bob, course=course,
        session=session, enrolments=enrolments, organizer=organizer, public=public,
        enrolled=enrolled, staff_only=staff_only, year=session.start_date.year,
    )  # fmt: skip
