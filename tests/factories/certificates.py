"""Completed trainings and certificate templates for the certificate tests."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cms.catalog.models import DeliveryMode
from portal.accounts.roles import EDITORS, HR_OFFICERS, ORGANIZERS
from portal.certificates.models import CertificateTemplate
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records.models import Attendance
from portal.records.services import record_update

from .catalog import make_course, make_session
from .people import make_agencies, make_person
from .users import make_user

TEMPLATES = {
    "zh-hant": {
        "name": "測試範本",
        "title": "研習證明書",
        "body": "{name} 君參加「{course}」（{session_code}），自 {start_date} 至 "
        "{end_date}，計 {hours} 小時，特此證明。",
        "signer_title": "院長",
        "signer_name": "陳院長",
    },
    "en": {
        "name": "Test template",
        "title": "Certificate of Completion",
        "body": "This is to certify that {name} completed “{course}” "
        "({session_code}) from {start_date} to {end_date}, {hours} hours.",
        "signer_title": "Director",
        "signer_name": "Chen",
    },
}


def default_templates(**fields):
    """The default template of each language (made again if a flush of a
    transactional test removed the migration's)."""
    templates = {}
    for language, defaults in TEMPLATES.items():
        template = CertificateTemplate.objects.filter(
            language=language, is_default=True
        ).first()
        if template is None:
            template = CertificateTemplate(language=language, is_default=True)
        for name, value in {**defaults, **fields}.items():
            setattr(template, name, value)
        template.save()
        templates[language] = template
    return templates


def completed_record(session, user, *, agency=None, completed=True, hours=None):
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
        hours=hours,
    )


def make_certificate_world(catalog):
    """A classroom course whose session ended five days ago (alice and bob
    completed it, carol did not), a blended course's past session, an upcoming
    session, an organizer, an editor and an HR officer of alice's bureau."""
    today = timezone.localdate()
    agencies = make_agencies()
    w = SimpleNamespace(today=today, agencies=agencies)
    w.templates = default_templates()
    w.alice = make_person("c_alice", agencies["it_unit"], name="王資安")
    w.bob = make_person("c_bob", agencies["edu"], name="李教育")
    w.carol = make_person("c_carol", agencies["it"], name="張缺席")
    w.hr_a = make_person(
        "c_hr_a", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"]
    )
    w.organizer = make_user("c_org", ORGANIZERS)
    w.editor = make_user("c_ed", EDITORS)
    w.course = make_course(
        catalog,
        title="資訊安全基礎班",
        title_en="Information Security Basics",
        study_hours=Decimal("12"),
    )
    w.past = make_session(
        w.course, start=today - datetime.timedelta(days=6), days=2, code="C00001"
    )
    w.alice_record = completed_record(w.past, w.alice.user, agency=w.alice.agency)
    w.bob_record = completed_record(w.past, w.bob.user, agency=w.bob.agency)
    w.carol_record = completed_record(
        w.past, w.carol.user, agency=w.carol.agency, completed=False
    )
    w.blended_course = make_course(
        catalog,
        title="混成學習班",
        delivery_mode=DeliveryMode.BLENDED,
        elearning_url="https://elearning.example.gov.tw/course/1",
    )
    w.blended = make_session(
        w.blended_course, start=today - datetime.timedelta(days=3), code="C00002"
    )
    w.blended_record = completed_record(w.blended, w.alice.user, agency=w.alice.agency)
    w.future = make_session(w.course, code="C00003")
    w.future_record = completed_record(w.future, w.alice.user, agency=w.alice.agency)
    return w
