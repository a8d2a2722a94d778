"""Reads of e-learning completions: matching completions to enrolments (the dry
run), who has not finished a session's online part, the import runs, and a
trainee's online parts. Scoped to the viewer where they show people."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.catalog.models import DeliveryMode, Session
from portal.accounts.access import is_organizer, scope_filter, session_filter
from portal.accounts.models import Person
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.records.models import online_part_hours

from .completions import Completion
from .models import CompletionImport

ONLINE_PART_MODES = (DeliveryMode.BLENDED, DeliveryMode.ONLINE)
_CHUNK = 1000


class Outcome:
    RECORD = "record"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


def online_part_sessions(queryset=None):
    """Sessions with an online part: blended or online, by their own delivery
    mode or, when they set none, their course's."""
    queryset = Session.objects.all() if queryset is None else queryset
    return queryset.filter(
        Q(delivery_mode__in=ONLINE_PART_MODES)
        | Q(delivery_mode="", course__delivery_mode__in=ONLINE_PART_MODES)
    )


def grace_days() -> int:
    return int(settings.ELEARNING.get("GRACE_DAYS", 30))


def completion_fits(session, day: datetime.date) -> bool:
    """Whether a completion on ``day`` (local) counts for ``session``: from the
    day its registration opens to ``GRACE_DAYS`` after its last day."""
    opens = timezone.localtime(session.registration_opens).date()
    return opens <= day <= session.end_date + datetime.timedelta(days=grace_days())


def _choose(enrolments, day):
    """Of several fitting enrolments, the session whose end is the nearest on or
    after the completion day; failing that, the one that ended last."""
    ahead = [e for e in enrolments if e.session.end_date >= day]
    if ahead:
        return min(ahead, key=lambda e: (e.session.end_date, e.session.pk))
    return max(enrolments, key=lambda e: (e.session.end_date, e.session.pk))


@dataclass
class PlannedRow:
    completion: Completion
    outcome: str
    code: str = ""
    message: str = ""
    enrolment: Enrolment | None = field(default=None, repr=False)

    @property
    def person(self) -> str:
        c = self.completion
        return c.username or c.employee_number or c.email

    @property
    def session_label(self) -> str:
        if self.enrolment is None:
            return ""
        session = self.enrolment.session
        return _("%(code)s term %(term)s") % {
            "code": session.code,
            "term": session.term,
        }

    def problem(self) -> dict:
        return {
            "row": self.completion.row,
            "course": self.completion.course,
            "person": self.person,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class CompletionPlan:
    rows: list[PlannedRow]

    def of(self, outcome) -> list[PlannedRow]:
        return [row for row in self.rows if row.outcome == outcome]

    def counts(self) -> dict[str, int]:
        return {
            "total": len(self.rows),
            "recorded": len(self.of(Outcome.RECORD)),
            "unchanged": len(self.of(Outcome.UNCHANGED)),
            "skipped": len(self.of(Outcome.SKIPPED)),
        }

    def problems(self) -> list[dict]:
        return [row.problem() for row in self.of(Outcome.SKIPPED)]


def _chunks(items):
    items = sorted(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _sessions_by_key(keys) -> dict[str, set[int]]:
    """Each course key's sessions with an online part: by the course's platform
    ID first; a key no course carries is tried as a session code."""
    found = defaultdict(set)
    for chunk in _chunks(keys):
        for pk, key in (
            online_part_sessions()
            .filter(course__elearning_course_id__in=chunk)
            .values_list("pk", "course__elearning_course_id")
        ):
            found[key].add(pk)
    rest = set(keys) - set(found)
    for chunk in _chunks(rest):
        for pk, code in (
            online_part_sessions().filter(code__in=chunk).values_list("pk", "code")
        ):
            found[code].add(pk)
    return found


def _people(completions) -> tuple[dict, dict, dict]:
    """User ids by username, by employee number and by e-mail (lower case)."""
    User = get_user_model()
    usernames = {c.username for c in completions if c.username}
    numbers = {c.employee_number for c in completions if c.employee_number}
    emails = {c.email.lower() for c in completions if c.email}
    by_username, by_number, by_email = (defaultdict(set) for _i in range(3))
    for chunk in _chunks(usernames):
        for pk, username in User.objects.filter(username__in=chunk).values_list(
            "pk", "username"
        ):
            by_username[username].add(pk)
    for chunk in _chunks(numbers):
        for user_id, number in Person.objects.filter(
            employee_number__in=chunk, user__isnull=False
        ).values_list("user_id", "employee_number"):
            by_number[number].add(user_id)
    for chunk in _chunks(emails):
        for user_id, email in (
            Person.objects.annotate(lower=Lower("email"))
            .filter(lower__in=chunk, user__isnull=False)
            .values_list("user_id", "lower")
        ):
            by_email[email].add(user_id)
        for user_id, email in (
            User.objects.annotate(lower=Lower("email"))
            .filter(lower__in=chunk)
            .values_list("pk", "lower")
        ):
            by_email[email].add(user_id)
    return by_username, by_number, by_email


def _person_of(completion, tables) -> tuple[int | None, str]:
    """(user id, problem code): username, then employee number, then e-mail; each
    given identifier that names exactly one person must name the same one."""
    by_username, by_number, by_email = tables
    given = [
        table.get(value, set())
        for table, value in (
            (by_username, completion.username),
            (by_number, completion.employee_number),
            (by_email, completion.email.lower()),
        )
        if value
    ]
    named = [next(iter(ids)) for ids in given if len(ids) == 1]
    if len(set(named)) > 1:
        return None, "conflicting_person"
    if named:
        return named[0], ""
    if any(given):
        return None, "ambiguous_person"
    return None, "unknown_person"


PROBLEMS = {
    "unknown_course": lambda c: (
        _("No blended or online course or session has the code “%(course)s”.")
        % {"course": c.course}
    ),
    "unknown_person": lambda c: (
        _("Nobody in the portal is “%(person)s”.")
        % {"person": c.username or c.employee_number or c.email}
    ),
    "ambiguous_person": lambda c: (
        _("“%(person)s” names more than one person; give the username.")
        % {"person": c.username or c.employee_number or c.email}
    ),
    "conflicting_person": lambda c: _(
        "The username, employee number and e-mail name different people."
    ),
    "no_enrolment": lambda c: (
        _(
            "This person is not a selected trainee of a blended or online session of "
            "“%(course)s”."
        )
        % {"course": c.course}
    ),
    "outside_dates": lambda c: (
        _("This person's sessions of “%(course)s” do not cover %(date)s.")
        % {
            "course": c.course,
            "date": timezone.localtime(c.completed_at).date().isoformat(),
        }
    ),
}


def completion_plan(*, completions: list[Completion]) -> CompletionPlan:
    """The dry run: for each completion, the enrolment it finishes (recorded, or
    already recorded) or why it matches none. Reads only.

    A completion's enrolment is a selected enrolment of the person in a blended
    or online session of the course whose dates fit (``completion_fits``); of
    several, ``_choose``'s. Of several completions of one enrolment, the
    earliest is recorded."""
    sessions_by_key = _sessions_by_key({c.course for c in completions})
    tables = _people(completions)
    people = {c: _person_of(c, tables) for c in completions}
    user_ids = {pk for pk, _code in people.values() if pk}
    session_ids = set().union(*sessions_by_key.values()) if sessions_by_key else set()
    enrolments = defaultdict(list)
    for chunk in _chunks(user_ids):
        for enrolment in Enrolment.objects.filter(
            status=EnrolmentStatus.SELECTED,
            user_id__in=chunk,
            session_id__in=session_ids,
        ).select_related("session__course", "record", "user"):
            enrolments[enrolment.user_id].append(enrolment)
    rows, taken = [], set()
    for completion in sorted(completions, key=lambda c: (c.completed_at, c.row)):
        sessions = sessions_by_key.get(completion.course)
        user_id, code = people[completion]
        if not sessions:
            code = "unknown_course"
        if code:
            rows.append(_skipped(completion, code))
            continue
        day = timezone.localtime(completion.completed_at).date()
        mine = [e for e in enrolments[user_id] if e.session_id in sessions]
        fitting = [e for e in mine if completion_fits(e.session, day)]
        if not fitting:
            rows.append(
                _skipped(completion, "outside_dates" if mine else "no_enrolment")
            )
            continue
        enrolment = _choose(fitting, day)
        record = getattr(enrolment, "record", None)
        finished = enrolment.pk in taken or (
            record is not None and record.online_completed_at is not None
        )
        taken.add(enrolment.pk)
        rows.append(
            PlannedRow(
                completion=completion,
                outcome=Outcome.UNCHANGED if finished else Outcome.RECORD,
                enrolment=enrolment,
            )
        )
    rows.sort(key=lambda row: row.completion.row)
    return CompletionPlan(rows=rows)


def _skipped(completion, code) -> PlannedRow:
    return PlannedRow(
        completion=completion,
        outcome=Outcome.SKIPPED,
        code=code,
        message=str(PROBLEMS[code](completion)),
    )


# The pull: which courses and people the platform is asked about ---------------


def pull_targets(*, today=None) -> dict[str, list[Enrolment]]:
    """By course platform ID, the selected enrolments still waiting for their
    online part in sessions whose completion window is open today."""
    today = today or timezone.localdate()
    now = timezone.now()
    sessions = (
        online_part_sessions()
        .filter(
            registration_opens__lte=now,
            end_date__gte=today - datetime.timedelta(days=grace_days()),
        )
        .exclude(course__elearning_course_id="")
    )
    waiting = (
        Enrolment.objects.filter(status=EnrolmentStatus.SELECTED, session__in=sessions)
        .filter(Q(record__isnull=True) | Q(record__online_completed_at__isnull=True))
        .select_related("session__course", "user__person")
        .order_by("session__course__elearning_course_id", "pk")
    )
    targets = defaultdict(list)
    for enrolment in waiting:
        targets[enrolment.session.course.elearning_course_id].append(enrolment)
    return dict(targets)


# Organizers: who has not finished -------------------------------------------


def online_part_session_get(*, viewer, session_id) -> Session:
    """A session the viewer runs (organizers); 404 for anybody else."""
    return get_object_or_404(
        session_filter(Session.objects.select_related("course"), viewer),
        pk=session_id,
    )


def has_online_part(session) -> bool:
    return session.effective_delivery_mode in ONLINE_PART_MODES


def online_unfinished_list(*, viewer, session):
    """The selected trainees of a blended or online session the viewer runs who
    have not finished its online part (none for other sessions), by name."""
    if not has_online_part(session):
        return Enrolment.objects.none()
    queryset = scope_filter(
        Enrolment.objects.filter(
            session__in=session_filter(Session.objects.all(), viewer)
        ),
        viewer,
    )
    return (
        queryset.filter(session=session, status=EnrolmentStatus.SELECTED)
        .filter(Q(record__isnull=True) | Q(record__online_completed_at__isnull=True))
        .select_related("user__person", "agency", "session__course")
        .order_by("user__person__name", "pk")
    )


# Import runs ------------------------------------------------------------------


def completion_import_list(*, viewer):
    """The import runs, newest first: organizers see them all, nobody else any."""
    if not is_organizer(viewer):
        return CompletionImport.objects.none()
    return CompletionImport.objects.select_related("created_by", "applied_by")


def completion_import_get(*, viewer, pk) -> CompletionImport:
    return get_object_or_404(completion_import_list(viewer=viewer), pk=pk)


# The trainee's own classes ------------------------------------------------------


@dataclass(frozen=True)
class OnlinePart:
    finished_at: datetime.datetime | None
    url: str
    hours: object

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def online_parts(*, enrolments) -> dict[int, OnlinePart]:
    """For the viewer's own enrolments (already read with their records), the
    online part of each selected one in a blended or online session, by id."""
    parts = {}
    for enrolment in enrolments:
        session = enrolment.session
        if enrolment.status != EnrolmentStatus.SELECTED or not has_online_part(session):
            continue
        record = getattr(enrolment, "record", None)
        parts[enrolment.pk] = OnlinePart(
            finished_at=record.online_completed_at if record else None,
            url=session.course.elearning_url,
            hours=online_part_hours(session),
        )
    return parts
