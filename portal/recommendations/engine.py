"""The recommendation engine: candidates from several signals, each with a reason.

``Engine`` loads what every trainee shares once (bookable courses, popularity,
co-enrolment, course similarity, editors' rules) so that ``recommend`` costs no
query; ``trainees`` loads the histories of any number of trainees in three
queries. The nightly precomputation and the offline evaluation rely on both.

``Engine(as_of=day)`` sees the data as it was on ``day``: only enrolments in
sessions that started before it, and as bookable the courses with a session in
the following ``horizon_days``. The offline evaluation uses it to hide each
trainee's latest enrolments without leaking them into the co-enrolment counts.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.catalog.models import CoursePage, Session, SessionStatus
from portal.accounts.models import Person
from portal.enrolment.models import OPEN_STATUSES, Enrolment, EnrolmentStatus
from portal.records.models import TrainingRecord

from .models import EditorPick, MandatoryRule
from .selectors import audience_people

REASON_COLLEAGUES = _("Often chosen by colleagues of your agency")
REASON_ALSO_TOOK = _("Trainees who took your courses also took this")
REASON_SIMILAR = _("Related to courses you took")
REASON_POPULAR = _("Popular")

WEIGHTS = {
    "mandatory": 100.0,
    "pick": 10.0,
    "co": 3.0,
    "similar": 1.5,
    "popular": 1.0,
}
TOP_N = 10
NEIGHBOURS = 20  # co-taken and similar courses kept per course

_SUFFIX = re.compile(r"（[^）]*）$")


def _bigrams(title):
    text = _SUFFIX.sub("", title).removesuffix("班")
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass
class Recommendation:
    course_id: int
    score: float = 0.0
    reasons: list = field(default_factory=list)


@dataclass(frozen=True)
class Trainee:
    """What the engine needs of one person."""

    user_id: int
    agency_path: str
    taken: frozenset  # course ids ever enrolled in (applied, selected, waiting)
    hours_this_year: dict  # mandatory rule id -> hours earned in its courses
    taken_this_year: frozenset = frozenset()  # enrolled in this year or still to come


class Engine:
    def __init__(self, *, today=None, as_of=None, horizon_days=365, history_years=3):
        self.as_of = as_of
        # Reasons are stored as text: translate them once, not per trainee.
        self.reason_text = {
            "colleagues": str(REASON_COLLEAGUES),
            "also_took": str(REASON_ALSO_TOOK),
            "similar": str(REASON_SIMILAR),
            "popular": str(REASON_POPULAR),
        }
        self.today = as_of or today or timezone.localdate()
        since = self.today - datetime.timedelta(days=365 * history_years)
        self.bookable = self._bookable(horizon_days)
        courses = CoursePage.objects.live().values_list("pk", "category_id", "title")
        self.category, titles = {}, {}
        for pk, category_id, title in courses:
            self.category[pk] = category_id
            titles[pk] = title
        selected = Enrolment.objects.filter(
            status=EnrolmentStatus.SELECTED, session__start_date__gte=since
        )
        if as_of:
            selected = selected.filter(session__start_date__lt=as_of)
        self.popularity = Counter(
            dict(
                selected.values("session__course_id")
                .annotate(n=Count("pk"))
                .values_list("session__course_id", "n")
            )
        )
        self._co_enrolment(selected)
        self._similarity(titles)
        bookable_popular = [
            (c, n) for c, n in self.popularity.most_common() if c in self.bookable
        ]
        self.popular_all = bookable_popular
        self.popular = bookable_popular[:50]
        self.top_count = bookable_popular[0][1] if bookable_popular else 1
        self.picks = [
            pick
            for pick in EditorPick.objects.prefetch_related(
                "agencies", "categories_taken"
            )
            if pick.is_current(self.today)
        ]
        self.pick_audiences = {
            pick.pk: set(audience_people(rule=pick).values_list("user_id", flat=True))
            for pick in self.picks
        }
        self.rules = list(
            MandatoryRule.objects.prefetch_related(
                "courses", "agencies", "categories_taken"
            )
        )
        self.rule_audiences = {
            rule.pk: set(audience_people(rule=rule).values_list("user_id", flat=True))
            for rule in self.rules
        }
        self.rule_courses = {
            rule.pk: {c.pk for c in rule.courses.all()} for rule in self.rules
        }

    def _bookable(self, horizon_days):
        """Courses a trainee can enrol in: an upcoming session, not full."""
        if self.as_of:
            sessions = Session.objects.filter(
                start_date__gte=self.as_of,
                start_date__lt=self.as_of + datetime.timedelta(days=horizon_days),
            ).exclude(status=SessionStatus.CANCELLED)
        else:
            sessions = Session.objects.filter(
                start_date__gte=self.today,
                status__in=[SessionStatus.OPEN, SessionStatus.PLANNED],
            ).exclude(registration_closes__lt=timezone.now())
        return set(
            sessions.filter(course__live=True).values_list("course_id", flat=True)
        )

    def _co_enrolment(self, selected):
        """Per course, the bookable courses its trainees also took: overall and
        among the trainees of each bureau; only the top ``NEIGHBOURS`` are kept."""
        by_user = defaultdict(set)
        agency_of = {}
        for user_id, course_id, path in selected.values_list(
            "user_id", "session__course_id", "agency__path"
        ).iterator(chunk_size=20000):
            by_user[user_id].add(course_id)
            agency_of[user_id] = path or ""
        co, co_agency = defaultdict(Counter), defaultdict(Counter)
        bookable = self.bookable
        for user_id, taken in by_user.items():
            bureau = agency_of[user_id][:8]
            for x in taken:
                for y in taken:
                    if x != y:
                        co[x][y] += 1
                        if y in bookable:
                            co_agency[(x, bureau)][y] += 1
        self.co = co  # every course, for "people who took this also took"
        self.co_top = {
            x: [(y, n) for y, n in counter.most_common() if y in bookable][:NEIGHBOURS]
            for x, counter in co.items()
        }
        self.co_agency_top = {
            key: counter.most_common(NEIGHBOURS) for key, counter in co_agency.items()
        }

    def _similarity(self, titles):
        """Per course, the most similar bookable courses: same category, shared
        competencies and shared title words (so 初級 leads to 中級 and 高級)."""
        competencies = defaultdict(set)
        for (
            course_id,
            competency_id,
        ) in CoursePage.competencies.through.objects.values_list(
            "coursepage_id", "competency_id"
        ):
            competencies[course_id].add(competency_id)
        grams = {pk: _bigrams(title) for pk, title in titles.items()}
        self.similar = {}
        for x in titles:
            scored = []
            for y in self.bookable:
                if y == x or y not in titles:
                    continue
                union = grams[x] | grams[y]
                words = len(grams[x] & grams[y]) / len(union) if union else 0.0
                score = (
                    (0.5 if self.category[x] == self.category[y] else 0.0)
                    + 0.25 * len(competencies[x] & competencies[y])
                    + 2.0 * words
                )
                if score >= 0.5:
                    scored.append((score, y))
            scored.sort(key=lambda s: (-s[0], s[1]))
            self.similar[x] = [(y, score) for score, y in scored[:NEIGHBOURS]]

    def trainee(self, user) -> Trainee:
        """One person's history (the bulk loader for a single user)."""
        return self.trainees([user])[user.pk]

    def trainees(self, users) -> dict:
        """``Trainee`` of many users (or user ids) at once: three queries."""
        user_ids = [getattr(user, "pk", user) for user in users]
        taken, this_year = defaultdict(set), defaultdict(set)
        enrolments = Enrolment.objects.filter(
            user_id__in=user_ids, status__in=OPEN_STATUSES
        )
        if self.as_of:
            enrolments = enrolments.filter(session__start_date__lt=self.as_of)
        year_start = self.today.replace(month=1, day=1)
        for user_id, course_id, start in enrolments.values_list(
            "user_id", "session__course_id", "session__start_date"
        ).iterator(chunk_size=20000):
            taken[user_id].add(course_id)
            if start >= year_start:
                this_year[user_id].add(course_id)
        hours = defaultdict(lambda: defaultdict(Decimal))
        rule_of_course = defaultdict(list)
        for rule_id, courses in self.rule_courses.items():
            for course_id in courses:
                rule_of_course[course_id].append(rule_id)
        if rule_of_course:
            records = TrainingRecord.objects.filter(
                user_id__in=user_ids,
                year=self.today.year,
                session__course_id__in=list(rule_of_course),
            )
            if self.as_of:
                records = records.filter(session__start_date__lt=self.as_of)
            for user_id, course_id, earned in records.values_list(
                "user_id", "session__course_id", "hours"
            ):
                for rule_id in rule_of_course[course_id]:
                    hours[user_id][rule_id] += earned
        paths = dict(
            Person.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "agency__path"
            )
        )
        return {
            user_id: Trainee(
                user_id=user_id,
                agency_path=paths.get(user_id) or "",
                taken=frozenset(taken[user_id]),
                hours_this_year=dict(hours[user_id]),
                taken_this_year=frozenset(this_year[user_id]),
            )
            for user_id in user_ids
        }

    def recommend(self, trainee: Trainee, *, n=TOP_N) -> list[Recommendation]:
        scores, reasons = defaultdict(float), defaultdict(list)
        bookable = self.bookable
        text = self.reason_text

        def add(course_id, score, reason, skip=trainee.taken):
            if course_id in skip or course_id not in bookable:
                return
            scores[course_id] += score
            given = reasons[course_id]
            if reason not in given:
                given.append(reason)

        for rule in self.rules:
            if (
                trainee.user_id in self.rule_audiences[rule.pk]
                and trainee.hours_this_year.get(rule.pk, 0) < rule.hours_per_year
            ):
                # A yearly requirement: a course taken in an earlier year counts again.
                for course_id in self.rule_courses[rule.pk]:
                    add(
                        course_id,
                        WEIGHTS["mandatory"],
                        rule.reason,
                        skip=trainee.taken_this_year,
                    )
        for pick in self.picks:
            if trainee.user_id in self.pick_audiences[pick.pk]:
                add(pick.course_id, WEIGHTS["pick"] * pick.weight / 5, pick.reason)
        bureau = trainee.agency_path[:8]
        empty = ()
        co, colleagues = WEIGHTS["co"], text["colleagues"]
        also, similar = text["also_took"], text["similar"]
        for x in trainee.taken:
            for y, count in self.co_agency_top.get((x, bureau), empty):
                add(y, co * 2 * count / (count + 5), colleagues)
            for y, count in self.co_top.get(x, empty):
                add(y, co * count / (count + 20), also)
            for y, similarity in self.similar.get(x, empty):
                add(y, WEIGHTS["similar"] * similarity, similar)
        top, popular = self.top_count, text["popular"]
        for course_id, count in self.popular:
            add(course_id, WEIGHTS["popular"] * count / top, popular)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:n]
        return [
            Recommendation(course_id, score, reasons[course_id])
            for course_id, score in ranked
        ]


def popularity_baseline(engine: Engine, trainee: Trainee, *, n=TOP_N) -> list[int]:
    """The most enrolled bookable courses the trainee has not taken."""
    return [
        course_id
        for course_id, _count in engine.popular_all
        if course_id not in trainee.taken
    ][:n]
