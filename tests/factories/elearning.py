"""E-learning completions: a blended and an online course with sessions that
ended recently, trainees selected in them, and completions files."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cms.catalog.models import DeliveryMode
from portal.enrolment.models import Enrolment, EnrolmentStatus

from .catalog import make_course, make_session
from .people import make_agencies, make_person
from .users import make_user

HEADER = ("課程代碼", "帳號", "人員代號", "Email", "完成時間")


def selected(session, person) -> Enrolment:
    return Enrolment.objects.create(
        session=session,
        user=person.user,
        agency=person.agency,
        status=EnrolmentStatus.SELECTED,
    )


def make_elearning_world(catalog):
    """A 9-hour blended course (3 online, platform ID 77) and a 2-hour online
    course (platform idnumber ONL-2), a session of each that began days ago;
    alice and bob selected in both, carol in none; an organizer and an HR
    officer of alice's bureau."""
    agencies = make_agencies()
    w = SimpleNamespace(agencies=agencies, today=timezone.localdate())
    opens = timezone.now() - datetime.timedelta(days=40)
    w.blended_course = make_course(
        catalog, title="混成資安班", study_hours=Decimal("9"),
        online_hours=Decimal("3"), delivery_mode=DeliveryMode.BLENDED,
        elearning_url="https://elearning.example.test/course/77",
        elearning_course_id="77",
    )  # fmt: skip
    w.online_course = make_course(
        catalog, title="線上公文課", study_hours=Decimal("2"),
        delivery_mode=DeliveryMode.ONLINE,
        elearning_url="https://elearning.example.test/course/onl-2",
        elearning_course_id="ONL-2",
    )  # fmt: skip
    w.blended = make_session(
        w.blended_course, start=w.today - datetime.timedelta(days=3), days=2,
        code="E00001", registration_opens=opens,
    )  # fmt: skip
    w.online = make_session(
        w.online_course, start=w.today - datetime.timedelta(days=10), days=20,
        code="E00002", registration_opens=opens,
    )  # fmt: skip
    w.alice = make_person(
        "el_alice", agencies["it"], name="資訊甲", employee_number="E1001",
        email="alice@example.test",
    )  # fmt: skip
    w.bob = make_person(
        "el_bob", agencies["edu"], name="教育乙", employee_number="E1002",
        email="bob@example.test",
    )  # fmt: skip
    w.carol = make_person("el_carol", agencies["it"], name="資訊丙")
    w.alice_blended = selected(w.blended, w.alice)
    w.bob_blended = selected(w.blended, w.bob)
    w.alice_online = selected(w.online, w.alice)
    w.bob_online = selected(w.online, w.bob)
    w.organizer = make_user("el_org", "Organizers")
    w.editor = make_user("el_ed", "Editors")
    w.hr = make_person("el_hr", agencies["it"], "HR officers", hr_agency=agencies["it"])
    return w


def csv_bytes(*rows, header=HEADER, encoding="utf-8") -> bytes:
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(content: bytes, name="completions.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def stamp(days_ago=1, hour=10) -> str:
    """A completion time as the platform's CSV writes it (local time)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return f"{day:%Y-%m-%d} {hour:02d}:00"
