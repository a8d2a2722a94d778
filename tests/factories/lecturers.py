"""Lecturer records: two lecturers with accounts, teaching past and upcoming
sessions, and staff."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from cms.catalog.models import Lecturer, TimetableEntry
from portal.accounts import roles
from portal.lecturers.models import LecturerCategory, LecturerProfile
from tests.factories.catalog import make_course, make_session, make_venue
from tests.factories.users import make_user


def make_profile(name, *, user=None, **fields):
    lecturer = Lecturer.objects.create(name=name, title=f"{name}的職稱")
    return LecturerProfile.objects.create(lecturer=lecturer, user=user, **fields)


def teach(session, lecturer, day, hour=9, topic="主題"):
    return TimetableEntry.objects.create(
        session=session,
        date=day,
        start_time=datetime.time(hour, 0),
        end_time=datetime.time(hour + 1, 50),
        topic=topic,
        lecturer=lecturer,
    )


def make_lecturer_world(catalog):
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.lect_a = make_user("lect_a", roles.LECTURERS)
    w.lect_b = make_user("lect_b", roles.LECTURERS)
    w.organizer = make_user("org_l", roles.ORGANIZERS)
    w.trainee = make_user("trainee_l", roles.TRAINEES)
    w.a = make_profile(
        "甲講座", user=w.lect_a, category=LecturerCategory.OUTSIDE, email="a@x.test"
    )
    w.a.expertise.add("資訊安全", "數位治理")
    w.a.save()
    w.b = make_profile("乙講座", user=w.lect_b, category=LecturerCategory.INTERNAL)
    w.b.expertise.add("公文寫作")
    w.b.save()
    w.c = make_profile("丙講座", category=LecturerCategory.ASSISTANT)
    course = make_course(catalog, title="資安課程")
    venue = make_venue()
    past_day = today - datetime.timedelta(days=40)
    future_day = today + datetime.timedelta(days=20)
    w.past = make_session(course, start=past_day, venue=venue)
    w.future = make_session(course, start=future_day, venue=venue)
    w.a_past = teach(w.past, w.a.lecturer, past_day, 9, "過去的課")
    w.a_future = teach(w.future, w.a.lecturer, future_day, 9, "未來的課")
    w.b_future = teach(w.future, w.b.lecturer, future_day, 13, "乙的課")
    return w


def make_submission(
    profile, session, *, title="講義初稿", name="notes.pdf", content=None
):
    """A submission handed in through the service, as the lecturer would."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.lecturers.services import material_submission_create
    from tests.factories.handouts import PDF_BYTES

    return material_submission_create(
        profile=profile,
        user=profile.user,
        session=session,
        title=title,
        file=SimpleUploadedFile(name, PDF_BYTES if content is None else content),
    )
