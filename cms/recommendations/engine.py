"""The recommendation engine: candidates from several signals, each with a reason.

``Engine`` loads what every trainee shares once (open courses, popularity,
co-enrolment, editors' rules) so that ``recommend`` costs no query per trainee
beyond the trainee's own history; the nightly precomputation relies on that.
"""

import datetime
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

WEIGHTS = {"mandatory": 100.0, "pick": 10.0, "co": 3.0, "similar": 1.5, "popular": 1.0}
TOP_N = 10


@dataclass
class Recommendation:
    course_id: int
    score: float = 0.0
    reasons: list = field(default_factory=list)

    def add(self, score, reason):
        self.score += score
        reason = str(reason)
        if reason not in self.reasons:
            self.reasons.append(reason)


@dataclass(frozen=True)
class Trainee:
    """What the engine needs of one person."""

    user_id: int
    agency_path: str
    taken: frozenset  # course ids enrolled or completed
    hours_this_year: dict  # mandatory rule id -> hours earned in its courses


class Engine:
    def __init__(self, *, today=None, history_years=3):
        self.today = today or timezone.localdate()
        since = self.today - datetime.timedelta(days=365 * history_years)
        now = timezone.now()
        # Courses a trainee can still enrol in: an upcoming session, not full.
        self.bookable = set(
            Session.objects.filter(
                start_date__gte=self.today,
                course__live=True,
                status__in=[SessionStatus.OPEN, SessionStatus.PLANNED],
            )
            .exclude(registration_closes__lt=now)
            .values_list("course_id", flat=True)
        )
        courses = CoursePage.objects.live().values_list("pk", "category_id")
        self.category = dict(courses)
        selected = Enrolment.objects.filter(
            status=EnrolmentStatus.SELECTED, session__start_date__gte=since
        )
        self.popularity = Counter(
            dict(
                selected.values("session__course_id")
                .annotate(n=Count("pk"))
                .values_list("session__course_id", "n")
            )
        )
        # Co-enrolment: per course, the other courses its trainees took, by agency.
        by_user = defaultdict(set)
        agency_of = {}
        for user_id, course_id, path in selected.values_list(
            "user_id", "session__course_id", "agency__path"
        ).iterator(chunk_size=20000):
            by_user[user_id].add(course_id)
            agency_of[user_id] = path or ""
        self.co = defaultdict(Counter)
        self.co_agency = defaultdict(Counter)
        for user_id, taken in by_user.items():
            bureau = agency_of[user_id][:8]
            for x in taken:
                for y in taken:
                    if x != y:
                        self.co[x][y] += 1
                        self.co_agency[(x, bureau)][y] += 1
        self.popular = self.popularity.most_common(50)
        self._tops = {}
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

    def _top(self, counters, key, n=20):
        """The ``n`` most co-taken courses for ``key``, sorted once per engine."""
        cached = self._tops.get((id(counters), key))
        if cached is None:
            cached = counters[key].most_common(n) if key in counters else []
            self._tops[(id(counters), key)] = cached
        return cached

    def trainee(self, user) -> Trainee:
        """One person's history (the bulk loader for a single user)."""
        return self.trainees([user])[user.pk]

    def trainees(self, users) -> dict:
        """``Trainee`` of many users at once: three queries for any number."""
        user_ids = [user.pk for user in users]
        taken = defaultdict(set)
        for user_id, course_id in (
            Enrolment.objects.filter(user_id__in=user_ids)
            .filter(status__in=OPEN_STATUSES)  # applied, selected or waiting
            .values_list("user_id", "session__course_id")
            .iterator(chunk_size=20000)
        ):
            taken[user_id].add(course_id)
        hours = defaultdict(lambda: defaultdict(Decimal))
        rule_of_course = defaultdict(list)
        for rule_id, courses in self.rule_courses.items():
            for course_id in courses:
                rule_of_course[course_id].append(rule_id)
        if rule_of_course:
            for user_id, course_id, earned in TrainingRecord.objects.filter(
                user_id__in=user_ids,
                year=self.today.year,
                session__course_id__in=list(rule_of_course),
            ).values_list("user_id", "session__course_id", "hours"):
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
            )
            for user_id in user_ids
        }

    def recommend(self, trainee: Trainee, *, n=TOP_N) -> list[Recommendation]:
        found = {}

        def add(course_id, score, reason):
            if course_id in trainee.taken or course_id not in self.bookable:
                return
            found.setdefault(course_id, Recommendation(course_id)).add(score, reason)

        for rule in self.rules:
            if (
                trainee.user_id in self.rule_audiences[rule.pk]
                and trainee.hours_this_year.get(rule.pk, 0) < rule.hours_per_year
            ):
                for course_id in self.rule_courses[rule.pk]:
                    add(course_id, WEIGHTS["mandatory"], rule.reason)
        for pick in self.picks:
            if trainee.user_id in self.pick_audiences[pick.pk]:
                add(pick.course_id, WEIGHTS["pick"] * pick.weight / 5, pick.reason)
        bureau = trainee.agency_path[:8]
        taken_categories = {self.category.get(c) for c in trainee.taken}
        for x in trainee.taken:
            for y, count in self._top(self.co_agency, (x, bureau)):
                add(y, WEIGHTS["co"] * 2 * count / (count + 5), REASON_COLLEAGUES)
            for y, count in self._top(self.co, x):
                add(y, WEIGHTS["co"] * count / (count + 20), REASON_ALSO_TOOK)
        top = self.popular[0][1] if self.popular else 1
        for course_id, count in self.popular:
            add(course_id, WEIGHTS["popular"] * count / top, REASON_POPULAR)
            if self.category.get(course_id) in taken_categories:
                add(course_id, WEIGHTS["similar"], REASON_SIMILAR)
        ranked = sorted(found.values(), key=lambda r: (-r.score, r.course_id))
        return ranked[:n]


def popularity_baseline(engine: Engine, trainee: Trainee, *, n=TOP_N) -> list[int]:
    """The most enrolled bookable courses the trainee has not taken."""
    return [
        course_id
        for course_id, _count in engine.popularity.most_common()
        if course_id in engine.bookable and course_id not in trainee.taken
    ][:n]
