"""Factories of lecture-fee tests: timetable entries and lecturer profiles."""

import datetime

from cms.catalog.models import Lecturer, TimetableEntry
from portal.lecturers.models import DistanceBand, LecturerCategory, LecturerProfile


def add_entry(session, lecturer, day, start, end, topic="主題"):
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return TimetableEntry.objects.create(
        session=session,
        lecturer=lecturer,
        date=day,
        start_time=datetime.time(h1, m1),
        end_time=datetime.time(h2, m2),
        topic=topic,
    )


def make_profile(name, category=LecturerCategory.OUTSIDE, *, user=None, **fields):
    lecturer = Lecturer.objects.create(name=name)
    fields.setdefault("bank_account_sealed", b"sealed")
    fields.setdefault("bank_account_masked", "700-****-****5678")
    fields.setdefault("distance_band", DistanceBand.NEAR)
    return LecturerProfile.objects.create(
        lecturer=lecturer, category=category, user=user, **fields
    )
