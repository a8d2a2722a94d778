"""Agencies, people, enrolments and training records of the demo institute.

Demo size: the 40 bureaus of a city government, each with three units; staff of
資訊局 (HR officer hr_a) and 教育局 (hr_b); every demo trainee has past classes with
hours and upcoming ones. Benchmark size (--scale YEARS): 100,000 people and about
50,000 attendances a year, written in bulk.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Count, Q, Sum
from django.utils import timezone

from cms.catalog.models import (
    CourseCategory,
    CoursePage,
    DeliveryMode,
    Session,
    SessionStatus,
)
from portal.accounts import id_vault, national_id
from portal.accounts.models import Agency, AgencyKind, Person
from portal.accounts.roles import TRAINEES
from portal.enrolment.models import (
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
)
from portal.records.models import Attendance, StudyHours, TrainingRecord

S = EnrolmentStatus

BUREAUS = [
    "秘書處", "民政局", "財政局", "教育局", "產業發展局", "工務局", "交通局", "社會局",
    "勞動局", "警察局", "衛生局", "環境保護局", "都市發展局", "文化局", "消防局",
    "捷運工程局", "翡翠水庫管理局", "觀光傳播局", "地政局", "兵役局", "體育局", "資訊局",
    "法務局", "青年局", "主計處", "人事處", "政風處", "研究發展考核委員會",
    "都市計畫委員會", "原住民族事務委員會", "客家事務委員會", "公務人員訓練處",
    "勞動檢查處", "市場處", "動物保護處", "公園路燈工程管理處", "停車管理工程處",
    "殯葬管理處", "自來水事業處", "數位發展處",
]  # fmt: skip
UNITS = ["綜合企劃科", "業務一科", "業務二科"]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余趙盧梁顏柯翁魏孫戴"
GIVEN = "怡君志明淑芬家豪雅婷俊傑美玲建宏佩珊宗翰惠雯文華明哲玉琴國榮欣怡柏宇冠廷品妤承恩詠晴"
TITLES = [("科員", "委任第五職等"), ("專員", "薦任第七職等"), ("股長", "薦任第八職等"),
          ("科長", "薦任第九職等"), ("技士", "委任第五職等"), ("技正", "薦任第八職等")]  # fmt: skip

SUPERVISORS = {"股長", "科長"}
# The field each bureau's staff mostly train in (course category slugs).
BUREAU_FIELDS = {
    "資訊局": "it", "數位發展處": "it", "研究發展考核委員會": "it",
    "法務局": "law", "政風處": "law", "警察局": "law", "地政局": "law",
    "兵役局": "law",
    "財政局": "finance", "主計處": "finance", "產業發展局": "finance",
    "人事處": "hr", "公務人員訓練處": "hr", "秘書處": "leadership",
    "衛生局": "health", "體育局": "health", "消防局": "health",
    "動物保護處": "health", "殯葬管理處": "health",
    "工務局": "city", "交通局": "city", "都市發展局": "city", "捷運工程局": "city",
    "環境保護局": "city", "都市計畫委員會": "city", "翡翠水庫管理局": "city",
    "公園路燈工程管理處": "city", "停車管理工程處": "city", "自來水事業處": "city",
    "文化局": "culture", "觀光傳播局": "language", "原住民族事務委員會": "culture",
    "客家事務委員會": "culture", "教育局": "language",
    "民政局": "service", "社會局": "service", "勞動局": "service",
    "勞動檢查處": "service", "市場處": "service", "青年局": "service",
}  # fmt: skip

DEMO_PEOPLE = {
    # username: (name, bureau, unit index or None, HR of bureau?)
    "trainee": ("王小明", "資訊局", 1, False),
    "trainee2": ("李小華", "教育局", 0, False),
    "hr_a": ("張人事", "資訊局", None, True),
    "hr_b": ("黃人事", "教育局", None, True),
    "lecturer": ("吳講座", "公務人員訓練處", None, False),
    "licensee": ("周授權", "文化局", None, False),
}


def valid_id(serial: int, letter: str = "A") -> str:
    """A syntactically valid ID number for generated people (check digit computed)."""
    body = f"{letter}{1 + serial % 2}{serial % 10**7:07d}"
    return body + national_id.check_digit(body)


def _name(rnd):
    start = rnd.randrange(0, len(GIVEN) // 2) * 2
    return rnd.choice(SURNAMES) + GIVEN[start : start + 2]


class PeopleBuilder:
    def __init__(self, *, report, today, rnd_seed=3):
        self.report = report
        self.today = today
        self.rnd = random.Random(rnd_seed)

    # Agencies ---------------------------------------------------------------
    def agencies(self):
        city = Agency.objects.filter(code="379000000A").first()
        if city is None:
            city = Agency.add_root(
                name="臺北市政府", code="379000000A", kind=AgencyKind.CITY
            )
            self.report.add("agencies")
        existing = set(Agency.objects.values_list("code", flat=True))
        for index, name in enumerate(BUREAUS):
            code = f"3791{index:02d}000A"
            if code not in existing:
                city = Agency.objects.get(pk=city.pk)
                bureau = city.add_child(name=name, code=code, kind=AgencyKind.BUREAU)
                self.report.add("agencies")
                for u, unit in enumerate(UNITS):
                    bureau = Agency.objects.get(pk=bureau.pk)
                    bureau.add_child(
                        name=f"{name}{unit}", code=f"3791{index:02d}{u + 1:02d}0A",
                        kind=AgencyKind.UNIT,
                    )  # fmt: skip
                    self.report.add("agencies")
        bureaus = {a.name: a for a in Agency.objects.filter(kind=AgencyKind.BUREAU)}
        units = defaultdict(list)
        for unit in Agency.objects.filter(kind=AgencyKind.UNIT).order_by("code"):
            units[unit.path[:8]].append(unit)
        return bureaus, units

    # People ------------------------------------------------------------------
    def demo_people(self, users, bureaus, units):
        """Profiles of the demo accounts and the staff of hr_a's and hr_b's agencies."""
        serial = 100
        for username, (name, bureau_name, unit_index, is_hr) in DEMO_PEOPLE.items():
            serial += 1
            user = users[username]
            if Person.objects.filter(user=user).exists():
                continue
            bureau = bureaus[bureau_name]
            agency = bureau if unit_index is None else units[bureau.path][unit_index]
            number = valid_id(serial)
            Person.objects.create(
                user=user, name=name, agency=agency, email=user.email,
                employee_number=f"E{serial:06d}", job_title="專員", grade="薦任第七職等",
                national_id_hash=national_id.hash_id(number),
                national_id_masked=national_id.mask(number),
                national_id_sealed=id_vault.seal(number),
                hr_agency=bureau if is_hr else None,
            )  # fmt: skip
            self.report.add("people")
        staff = []
        trainees = Group.objects.get(name=TRAINEES)
        for bureau_name, prefix in (("資訊局", "it"), ("教育局", "edu")):
            bureau = bureaus[bureau_name]
            for i in range(1, 21):
                username = f"{prefix}{i:02d}"
                user = get_user_model().objects.filter(username=username).first()
                if user is None:
                    user = get_user_model().objects.create_user(
                        username=username, email=f"{username}@demo.civiclearn.local"
                    )
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    user.groups.add(trainees)
                    serial += 1
                    number = valid_id(serial + 1000)
                    title, grade = TITLES[i % len(TITLES)]
                    Person.objects.create(
                        user=user, name=_name(self.rnd), email=user.email,
                        agency=units[bureau.path][i % 3], job_title=title, grade=grade,
                        employee_number=f"E{serial + 1000:06d}",
                        national_id_hash=national_id.hash_id(number),
                        national_id_masked=national_id.mask(number),
                        national_id_sealed=id_vault.seal(number),
                    )  # fmt: skip
                    self.report.add("people")
                staff.append(user)
        return staff

    def demo_enrolments(self, users, staff, first_course):
        """Past classes with hours and upcoming ones, for the demo trainees and staff."""
        if Enrolment.objects.filter(user=users["trainee"]).exists():
            return
        sessions = list(
            Session.objects.exclude(status=SessionStatus.CANCELLED)
            .select_related("course")
            .order_by("start_date")
        )
        past = [s for s in sessions if s.end_date < self.today]
        upcoming = [s for s in sessions if s.start_date > self.today]
        people = [users["trainee"], users["trainee2"], *staff]
        persons = {p.user_id: p for p in Person.objects.filter(user__in=people)}
        for index, user in enumerate(people):
            picks = self.rnd.sample(past, min(4, len(past))) + self.rnd.sample(
                upcoming, min(2, len(upcoming))
            )
            if index == 0:
                # The first demo trainee takes the first course's first session, so
                # its enrolled-only handout can be tried out.
                first = next(
                    (s for s in sessions if s.course_id == first_course.pk), None
                )
                if first is not None:
                    picks = [first] + [s for s in picks if s.pk != first.pk]
            for session in picks:
                enrolment = Enrolment.objects.create(
                    session=session, user=user, agency=persons[user.pk].agency,
                    status=EnrolmentStatus.SELECTED, source=EnrolmentSource.SELF,
                    queued_at=session.registration_opens,
                )  # fmt: skip
                EnrolmentEvent.objects.create(
                    enrolment=enrolment, to_status=EnrolmentStatus.SELECTED
                )
                self.report.add("enrolments")
                if session.end_date < self.today:
                    attended = self.rnd.random() > 0.1
                    TrainingRecord.objects.create(
                        enrolment=enrolment, user=user, session=session,
                        agency=enrolment.agency, year=session.start_date.year,
                        attendance=Attendance.ATTENDED if attended else Attendance.ABSENT,
                        hours=session.course.study_hours if attended else Decimal("0"),
                        completed=attended,
                    )  # fmt: skip
                    self.report.add("training records")
        self.ledger()

    def online_parts_finished(self):
        """Past blended and online classes whose records count their hours:
        their online part was finished on the last day (e-learning's rule)."""
        modes = (DeliveryMode.BLENDED, DeliveryMode.ONLINE)
        online = Q(session__delivery_mode__in=modes) | Q(
            session__delivery_mode="", session__course__delivery_mode__in=modes
        )
        pending = TrainingRecord.objects.filter(
            online, completed=True, online_completed_at__isnull=True
        ).select_related("session")
        batch = []
        for record in pending.iterator(chunk_size=2000):
            record.online_completed_at = timezone.make_aware(
                datetime.datetime.combine(record.session.end_date, datetime.time(17))
            )
            batch.append(record)
        TrainingRecord.objects.bulk_update(
            batch, ["online_completed_at"], batch_size=2000
        )

    # Benchmark scale ----------------------------------------------------------
    def people_at_scale(self, count, units):
        """``count`` trainees spread over the units, in bulk."""
        User = get_user_model()
        have = Person.objects.filter(user__username__startswith="bench").count()
        if have >= count:
            return
        all_units = [u for group in units.values() for u in group]
        password = make_password(None)
        trainees = Group.objects.get(name=TRAINEES)
        for start in range(have, count, 5000):
            batch = range(start, min(count, start + 5000))
            users = User.objects.bulk_create(
                [User(username=f"bench{n:06d}", password=password) for n in batch]
            )
            persons = []
            for user, n in zip(users, batch, strict=True):
                number = valid_id(200000 + n, letter="ABCDEFGH"[n % 8])
                title, grade = TITLES[n % len(TITLES)]
                persons.append(
                    Person(
                        user=user, name=_name(self.rnd), agency=all_units[n % len(all_units)],
                        employee_number=f"B{n:07d}", job_title=title, grade=grade,
                        national_id_hash=national_id.hash_id(number),
                        national_id_masked=national_id.mask(number),
                        national_id_sealed=id_vault.seal(number),
                    )
                )  # fmt: skip
            Person.objects.bulk_create(persons)
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u.pk, group_id=trainees.pk) for u in users]
            )
        self.report.add("people", count - have)

    def history_at_scale(self, *, mandatory_titles, series, levels, per_session=45):
        """Enrolments and records for every past and upcoming session, in bulk.

        Trainees are not drawn at random: each has two fields of interest (the
        first mostly their bureau's, the second often leadership for supervisors),
        takes a sequence's next level after the previous one, and yearly
        mandatory courses go to those who have not taken them that year. Without
        that structure the offline evaluation of recommendations measures noise.
        """
        if Enrolment.objects.filter(user__username__startswith="bench").exists():
            return
        rnd = random.Random(5)
        people = list(
            Person.objects.filter(user__username__startswith="bench").values_list(
                "user_id", "agency_id", "agency__path", "job_title"
            )
        )
        bureau_of = dict(
            Agency.objects.filter(kind=AgencyKind.BUREAU).values_list("path", "name")
        )
        categories = dict(CourseCategory.objects.values_list("slug", "pk"))
        category_ids = sorted(categories.values())
        primary, secondary = defaultdict(list), defaultdict(list)
        for index, (_user, _agency, path, job_title) in enumerate(people):
            field = categories.get(BUREAU_FIELDS.get(bureau_of.get(path[:8], "")))
            if field is None or rnd.random() < 0.2:
                field = rnd.choice(category_ids)
            primary[field].append(index)
            if job_title in SUPERVISORS and rnd.random() < 0.7:
                second = categories.get("leadership", field)
            else:
                second = rnd.choice(category_ids)
            secondary[second].append(index)

        course_info = {}  # course id -> (category id, title stem, level or None)
        for pk, title, category_id in CoursePage.objects.values_list(
            "pk", "title", "category_id"
        ):
            stem, level = title, None
            for position, suffix in enumerate(series):
                if suffix and title.endswith(suffix):
                    stem, level = title.removesuffix(suffix), position
            if level is None:
                level = 0
            course_info[pk] = (
                category_id,
                stem,
                level if level < levels else None,
                title in mandatory_titles,
            )
        ready = defaultdict(list)  # (stem, level) -> people who took the level before
        taken = defaultdict(set)  # person index -> course ids
        taken_in_year = set()  # (person index, course id, year)

        def draw(course_id, year, chosen):
            category_id, stem, level, mandatory = course_info[course_id]
            for _attempt in range(30):
                r = rnd.random()
                if mandatory:
                    index = rnd.randrange(len(people))
                elif level and r < 0.6 and ready[(stem, level)]:
                    index = rnd.choice(ready[(stem, level)])
                elif r < 0.8 and primary[category_id]:
                    index = rnd.choice(primary[category_id])
                elif r < 0.95 and secondary[category_id]:
                    index = rnd.choice(secondary[category_id])
                else:
                    index = rnd.randrange(len(people))
                if index in chosen:
                    continue
                if mandatory:
                    if (index, course_id, year) not in taken_in_year:
                        return index
                elif course_id not in taken[index]:
                    return index
            return None

        sessions = list(
            Session.objects.exclude(status=SessionStatus.CANCELLED)
            .order_by("start_date", "pk")
            .values_list(
                "pk", "course_id", "start_date", "end_date", "capacity",
                "course__study_hours",
            )
        )  # fmt: skip
        now = timezone.now()
        total = 0
        for chunk_start in range(0, len(sessions), 500):
            enrolments, meta = [], []
            for pk, course_id, start, end, capacity, hours in sessions[
                chunk_start : chunk_start + 500
            ]:
                seated = min(capacity, per_session)
                # Beyond the seats: a waiting list, withdrawals and refusals.
                statuses = [S.SELECTED] * seated + [
                    S.WAITLISTED,
                    S.WITHDRAWN,
                    S.REFUSED,
                ] * 4
                chosen = set()
                _category, stem, level, _mandatory = course_info[course_id]
                for status in statuses:
                    index = draw(course_id, start.year, chosen)
                    if index is None:
                        continue
                    chosen.add(index)
                    if status in (S.SELECTED, S.WAITLISTED):
                        taken[index].add(course_id)
                        taken_in_year.add((index, course_id, start.year))
                    if (
                        status == S.SELECTED
                        and level is not None
                        and level + 1 < levels
                    ):
                        ready[(stem, level + 1)].append(index)
                    user_id, agency_id, _path, _title = people[index]
                    enrolments.append(
                        Enrolment(
                            session_id=pk, user_id=user_id, agency_id=agency_id,
                            status=status, queued_at=now,
                        )
                    )  # fmt: skip
                    meta.append((start, end, hours))
            Enrolment.objects.bulk_create(enrolments, batch_size=5000)
            records = []
            for enrolment, (start, end, hours) in zip(enrolments, meta, strict=True):
                if end < self.today and enrolment.status == S.SELECTED:
                    attended = rnd.random() > 0.08
                    records.append(
                        TrainingRecord(
                            enrolment=enrolment, user_id=enrolment.user_id,
                            session_id=enrolment.session_id, agency_id=enrolment.agency_id,
                            year=start.year,
                            attendance=Attendance.ATTENDED if attended else Attendance.ABSENT,
                            hours=hours if attended else 0, completed=attended,
                        )
                    )  # fmt: skip
            TrainingRecord.objects.bulk_create(records, batch_size=5000)
            total += len(enrolments)
        self.report.add("enrolments", total)
        self.ledger()

    def ledger(self):
        """Rebuild the yearly study-hours ledger from the records in one pass."""
        StudyHours.objects.all().delete()
        rows = (
            TrainingRecord.objects.values("user_id", "year")
            .annotate(
                hours=Sum("hours"), completed=Count("pk", filter=Q(completed=True))
            )
            .order_by()
        )
        StudyHours.objects.bulk_create(
            (
                StudyHours(
                    user_id=r["user_id"], year=r["year"], hours=r["hours"] or 0,
                    sessions_completed=r["completed"],
                )
                for r in rows.iterator(chunk_size=10000)
            ),
            batch_size=5000,
        )  # fmt: skip
