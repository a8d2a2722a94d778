"""A fixed world for the study-hour uploads: the same names, ID numbers, dates and
codes every run, so that the golden files compare byte for byte."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cms.catalog.models import DeliveryMode, TimetableEntry
from portal.accounts import roles
from portal.accounts.models import Person
from portal.classday.models import EarlyEnd
from portal.hour_uploads.models import PortalCourse
from portal.records.services import record_online_complete

from .catalog import make_category, make_course, make_session, make_venue
from .people import make_agencies, make_person, valid_national_id
from .records import complete
from .users import make_user

D = datetime.date
T = datetime.time


def _day(session, day, *periods):
    for start, end in periods:
        TimetableEntry.objects.create(
            session=session, date=day, start_time=start, end_time=end, topic="課程"
        )


def make_upload_world(catalog):
    """資訊局 (its HR officer, 王小明 of a unit, 李大同, 林堃 whose name Big5 cannot
    write, 張無號 with no ID number on file) and 教育局 (陳美玲); an organizer.
    Four courses of 2026: classroom (with an early end), blended (2 of 6 hours
    online), online environmental education, teachers' in-service by livestream."""
    a = make_agencies()
    w = SimpleNamespace(agencies=a)
    w.hr = make_person("up_hr", a["it"], roles.HR_OFFICERS, hr_agency=a["it"])
    w.hr_edu = make_person("up_hr_edu", a["edu"], roles.HR_OFFICERS, hr_agency=a["edu"])
    w.staff = make_user("up_staff", roles.ORGANIZERS)
    people = [
        ("up_wang", a["it_unit"], "王小明", 1234567, "1"),
        ("up_li", a["it"], "李大同", 2345678, "1"),
        ("up_chen", a["edu"], "陳美玲", 3456789, "2"),
        ("up_lin", a["it"], "林堃", 4567890, "1"),
        ("up_zhang", a["it"], "張無號", 5678901, "1"),
    ]
    w.people = {}
    for username, agency, name, serial, sex in people:
        w.people[name] = make_person(
            username, agency, name=name,
            national_id=valid_national_id(serial, sex=sex),
        )  # fmt: skip
    Person.objects.filter(pk=w.people["張無號"].pk).update(national_id_sealed="")
    w.ids = {
        name: valid_national_id(serial, sex=sex) for _u, _a, name, serial, sex in people
    }

    general = make_category(name="一般管理", slug="general", lifelong_code="04")
    it_category = make_category(name="資訊科技", slug="it", lifelong_code="12")
    venue = make_venue(name="201 教室")
    w.classroom = make_course(
        catalog, title="公文寫作實務班", category=general, study_hours=Decimal("12"),
        summary="掌握公文格式與用語。",
    )  # fmt: skip
    w.blended = make_course(
        catalog, title="資訊安全混成班", category=it_category,
        study_hours=Decimal("6"), delivery_mode=DeliveryMode.BLENDED,
        online_hours=Decimal("2"), elearning_url="https://elearn.example.test/c/1",
        elearning_course_id="EL-001", summary="線上自學與實體演練。",
    )  # fmt: skip
    w.online = make_course(
        catalog, title="淨零生活線上課程", category=general,
        study_hours=Decimal("2"), delivery_mode=DeliveryMode.ONLINE,
        elearning_url="https://elearn.example.test/c/2",
        summary="認識淨零排放，\n從日常生活做起。",
    )  # fmt: skip
    w.teaching = make_course(
        catalog, title="教師專業發展研習", category=general,
        study_hours=Decimal("3"), delivery_mode=DeliveryMode.LIVESTREAM,
        summary="教學設計與評量。",
    )  # fmt: skip
    PortalCourse.objects.create(course=w.online, environmental_education=True)
    PortalCourse.objects.create(
        course=w.teaching, teachers_in_service=True, teachers_course_code="3560123"
    )

    w.s_classroom = make_session(
        w.classroom, start=D(2026, 5, 19), days=2, code="B00492", term=2, venue=venue
    )
    for day in (D(2026, 5, 19), D(2026, 5, 20)):
        _day(w.s_classroom, day, (T(9, 30), T(12, 30)), (T(13, 30), T(16, 30)))
    EarlyEnd.objects.create(
        session=w.s_classroom, date=D(2026, 5, 20), ended_at=T(15, 0), reason="颱風"
    )
    w.s_blended = make_session(
        w.blended, start=D(2026, 6, 2), code="B00510", term=1, venue=venue
    )
    _day(w.s_blended, D(2026, 6, 2), (T(13, 30), T(16, 30)))
    w.s_online = make_session(w.online, start=D(2026, 7, 1), days=31, code="E00031")
    w.s_teaching = make_session(w.teaching, start=D(2026, 8, 5), code="T00007")
    _day(w.s_teaching, D(2026, 8, 5), (T(9, 0), T(12, 0)))

    def done(session, name, completed=True):
        person = w.people[name]
        record = complete(
            session, person.user, completed=completed, agency=person.agency
        )
        if completed and session.effective_delivery_mode in ("blended", "online"):
            record = record_online_complete(
                enrolment=record.enrolment, actor=None,
                at=timezone.make_aware(datetime.datetime(2026, 7, 31, 12)),
            )  # fmt: skip
        return record

    w.records = {}
    for name in ("王小明", "李大同", "陳美玲", "林堃", "張無號"):
        w.records[("classroom", name)] = done(w.s_classroom, name)
    w.records[("blended", "王小明")] = done(w.s_blended, "王小明")
    w.records[("blended", "李大同")] = done(w.s_blended, "李大同", completed=False)
    for name in ("王小明", "陳美玲"):
        w.records[("online", name)] = done(w.s_online, name)
        w.records[("teaching", name)] = done(w.s_teaching, name)
    return w
