"""Who may register for a session: the course's training rules (no repeat within N
years, at most N classes of a course group, required and excluded earlier courses).

The enrolment services call ``eligibility_check`` inside their transaction, after
locking the trainee's user row, so two registrations of one person for two classes
of one group cannot both pass.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.catalog.models import Session, SessionStatus
from portal.accounts.names import display_name
from portal.records.models import TrainingRecord

from .models import OPEN_STATUSES, Enrolment


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def has_rules(course) -> bool:
    """Whether any eligibility rule applies to ``course``."""
    return (
        course.repeat_years is not None
        or course.course_group_id is not None
        or course.required_courses.exists()
        or course.excluded_courses.exists()
    )


def lock_trainee(trainee) -> None:
    """Serialise rule checks of one person (their user row; SQLite's IMMEDIATE
    transactions serialise writers already)."""
    get_user_model().objects.select_for_update().filter(pk=trainee.pk).first()


def _date(day):
    return formats.date_format(day, "Y-m-d")


def _class_name(session):
    return _("%(course)s (%(code)s, term %(term)s)") % {
        "course": session.course.title,
        "code": session.code,
        "term": session.term,
    }


def _completions(trainee, course_ids, *, exclude_session):
    return (
        TrainingRecord.objects.filter(
            user=trainee, completed=True, session__course_id__in=course_ids
        )
        .exclude(session=exclude_session)
        .select_related("session__course")
        .order_by("-session__end_date")
    )


def last_completion(*, trainee, course):
    """``trainee``'s latest completed record of any session of ``course``, or None."""
    return (
        TrainingRecord.objects.filter(
            user=trainee, completed=True, session__course=course
        )
        .select_related("session")
        .order_by("-session__end_date", "-pk")
        .first()
    )


def _repeat_errors(session, trainee, name):
    course = session.course
    years = course.repeat_years
    if years is None:
        return []
    errors = []
    last = _completions(trainee, [course.pk], exclude_session=session).first()
    if last is not None:
        ended = last.session.end_date
        if years == 0:
            errors.append(
                ValidationError(
                    _(
                        "%(name)s completed %(course)s on %(ended)s; this course "
                        "is taken only once."
                    )
                    % {"name": name, "course": course.title, "ended": _date(ended)},
                    code="repeat_never",
                )
            )
        elif session.start_date < years_after(ended, years):
            errors.append(
                ValidationError(
                    _(
                        "%(name)s completed %(course)s on %(ended)s; it may be "
                        "taken again %(years)s years later, from %(until)s."
                    )
                    % {
                        "name": name,
                        "course": course.title,
                        "ended": _date(ended),
                        "years": years,
                        "until": _date(years_after(ended, years)),
                    },
                    code="repeat_too_soon",
                )
            )
    other = (
        Enrolment.objects.filter(
            user=trainee,
            session__course=course,
            status__in=OPEN_STATUSES,
            session__end_date__gte=timezone.localdate(),
        )
        .exclude(session=session)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__course")
        .first()
    )
    if other is not None:
        errors.append(
            ValidationError(
                _(
                    "%(name)s is already registered for %(class)s; this course "
                    "is not taken twice."
                )
                % {"name": name, "class": _class_name(other.session)},
                code="repeat_registered",
            )
        )
    return errors


def _group_errors(session, trainee, name):
    group = session.course.course_group
    if group is None:
        return []
    taken = (
        Enrolment.objects.filter(
            user=trainee,
            session__course__course_group=group,
            status__in=OPEN_STATUSES,
        )
        .exclude(session=session)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__course")
        .order_by("session__start_date")
    )
    if group.per_year:
        taken = taken.filter(session__start_date__year=session.start_date.year)
    taken = list(taken)
    if len(taken) < group.max_classes:
        return []
    message = (
        _(
            "%(name)s already has %(count)s classes of the group %(group)s in "
            "%(year)s (at most %(max)s a year): %(classes)s."
        )
        if group.per_year
        else _(
            "%(name)s already has %(count)s classes of the group %(group)s "
            "(at most %(max)s): %(classes)s."
        )
    )
    return [
        ValidationError(
            message
            % {
                "name": name,
                "count": len(taken),
                "group": group.name,
                "year": session.start_date.year,
                "max": group.max_classes,
                "classes": "、".join(_class_name(e.session) for e in taken),
            },
            code="group_limit",
        )
    ]


def _course_errors(session, trainee, name):
    course = session.course
    required = list(course.required_courses.all())
    excluded = list(course.excluded_courses.all())
    if not required and not excluded:
        return []
    done = set(
        _completions(
            trainee,
            [c.pk for c in required + excluded],
            exclude_session=session,
        ).values_list("session__course_id", flat=True)
    )
    errors = []
    missing = [c.title for c in required if c.pk not in done]
    if missing:
        errors.append(
            ValidationError(
                _("%(name)s must first complete: %(courses)s.")
                % {"name": name, "courses": "、".join(missing)},
                code="prerequisite",
            )
        )
    barred = [c.title for c in excluded if c.pk in done]
    if barred:
        errors.append(
            ValidationError(
                _("%(name)s completed %(courses)s, so this course is not for them.")
                % {"name": name, "courses": "、".join(barred)},
                code="excluded_course",
            )
        )
    return errors


def eligibility_errors(*, session: Session, trainee) -> list[ValidationError]:
    """Every rule that refuses ``trainee`` for ``session``, each with its code."""
    name = display_name(trainee)
    return (
        _repeat_errors(session, trainee, name)
        + _group_errors(session, trainee, name)
        + _course_errors(session, trainee, name)
    )


def eligibility_check(*, session: Session, trainee) -> None:
    """Raise a ValidationError naming each rule that refuses ``trainee``."""
    errors = eligibility_errors(session=session, trainee=trainee)
    if errors:
        raise ValidationError(errors)


def eligibility_refusals(*, user, session) -> list[str]:
    """What refuses a signed-in viewer for ``session``, in words (course pages)."""
    if not user.is_authenticated or not has_rules(session.course):
        return []
    return [
        message
        for error in eligibility_errors(session=session, trainee=user)
        for message in error.messages
    ]
