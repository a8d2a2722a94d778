"""Demo lecturer records: the demo ``lecturer`` account linked to a catalog
lecturer who teaches demo sessions (past and upcoming), with a demo bank
account; the other lecturers get profiles with categories, some with accounts
and most without. Past sessions of the demo lecturer get answered
questionnaires, so the records show ratings (one too small a group to show)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Max, Min
from django.utils import timezone

from cms.catalog.models import Lecturer, Session, SessionStatus
from portal.accounts import roles
from portal.accounts.models import Person
from portal.enrolment.models import (
    Enrolment,
    EnrolmentEvent,
    EnrolmentSource,
    EnrolmentStatus,
)
from portal.lecturers import banking
from portal.lecturers.models import DistanceBand, LecturerCategory, LecturerProfile
from portal.records.models import Attendance, TrainingRecord
from portal.surveys import services as survey_services
from portal.surveys.models import Kind, Questionnaire, Response
from portal.surveys.selectors import session_lecturers

CATEGORIES = [
    LecturerCategory.OUTSIDE,
    LecturerCategory.AFFILIATED,
    LecturerCategory.OUTSIDE,
    LecturerCategory.INTERNAL,
    LecturerCategory.ASSISTANT,
]
BANDS = [DistanceBand.NEAR, DistanceBand.NEAR, DistanceBand.FAR, DistanceBand.ABROAD]
EXPERTISE = [
    ["資訊安全", "數位治理"],
    ["法制作業", "公文寫作"],
    ["公共政策", "政策分析"],
    ["資訊安全", "網路攻防"],
    ["日語"],
    ["預算編列", "會計"],
    ["領導力", "溝通"],
    ["健康促進"],
    ["英語"],
    ["都市計畫"],
]
# The demo bank account (a made-up number).
DEMO_BANK = {
    "bank_code": "700",
    "branch": "0001",
    "account_number": "00012345678",
    "holder": "吳講座",
}


def _teaching_lecturer(today):
    """The catalog lecturer with the most periods, among those teaching both
    before and from ``today``; else the one with the most periods."""
    ranked = Lecturer.objects.annotate(
        n=Count("timetable_entries"),
        first=Min("timetable_entries__date"),
        last=Max("timetable_entries__date"),
    ).order_by("-n", "name")
    both = ranked.filter(first__lt=today, last__gte=today).first()
    return both or ranked.first()


def lecturers_demo(*, users, today, report):
    """Create what is missing; running it again changes nothing."""
    account = users.get("lecturer")
    lecturer = None
    if account is not None and not LecturerProfile.objects.filter(user=account):
        lecturer = _teaching_lecturer(today)
    if lecturer is not None:
        profile, created = LecturerProfile.objects.get_or_create(
            lecturer=lecturer,
            defaults={
                "category": LecturerCategory.OUTSIDE,
                "distance_band": DistanceBand.NEAR,
                "phone": "0912-345-678",
                "email": account.email,
                "education": "國立臺灣大學公共事務研究所碩士",
                "experience": "臺北市政府各局處講座十年",
            },
        )
        profile.user = account
        profile.email = profile.email or account.email
        sealed = banking.normalise(**DEMO_BANK)
        profile.bank_account_sealed = banking.seal(sealed, profile_id=profile.pk)
        profile.bank_account_masked = banking.mask(sealed)
        profile.expertise.add("公文寫作", "簡報技巧")
        profile.save()  # a cluster's tags are written when it is saved
        account.groups.add(Group.objects.get_or_create(name=roles.LECTURERS)[0])
        report.add("lecturer profiles", int(created))
    have = set(LecturerProfile.objects.values_list("lecturer_id", flat=True))
    User = get_user_model()
    for n, lecturer in enumerate(Lecturer.objects.order_by("name", "pk")):
        if lecturer.pk in have:
            continue
        profile = LecturerProfile.objects.create(
            lecturer=lecturer,
            category=CATEGORIES[n % len(CATEGORIES)],
            distance_band=BANDS[n % len(BANDS)],
            email=f"lecturer{lecturer.pk}@demo.civiclearn.local",
        )
        profile.expertise.add(*EXPERTISE[n % len(EXPERTISE)])
        profile.save()
        if n % 4 == 1:  # some lecturers have accounts, most do not yet
            username = f"lecturer{lecturer.pk}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=profile.email)
                user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get_or_create(name=roles.LECTURERS)[0])
            profile.user = user
            profile.save(update_fields=["user"])
        report.add("lecturer profiles")
    ratings_demo(users=users, today=today, report=report)


# Answers to the questionnaires of the demo lecturer's latest past sessions, one
# session each, newest first; the last is a small group (fewer than the
# small-group rule's 5), so its figures stay hidden.
RATED_GROUPS = [12, 9, 7, 3]
# The demo's staff trainees (portal/demo/people.py) who answer.
RESPONDENTS = r"^(it|edu)[0-9]{2}$"


def _selected(session, pool, size):
    """``size`` trainees selected in the past ``session``: those already
    selected, then people of the pool, enrolled with an attended record as the
    demo's other past classes are."""
    chosen = [
        e.user
        for e in Enrolment.objects.filter(
            session=session, status=EnrolmentStatus.SELECTED
        ).select_related("user")
    ]
    taken = set(session.enrolments.values_list("user_id", flat=True))
    for person in pool:
        if len(chosen) >= size:
            break
        if person.user_id in taken:
            continue
        enrolment = Enrolment.objects.create(
            session=session, user=person.user, agency=person.agency,
            status=EnrolmentStatus.SELECTED, source=EnrolmentSource.SELF,
            queued_at=session.registration_opens,
        )  # fmt: skip
        EnrolmentEvent.objects.create(
            enrolment=enrolment, to_status=EnrolmentStatus.SELECTED
        )
        TrainingRecord.objects.create(
            enrolment=enrolment, user=person.user, session=session,
            agency=person.agency, year=session.start_date.year,
            attendance=Attendance.ATTENDED, hours=session.course.study_hours,
            completed=True,
        )  # fmt: skip
        chosen.append(person.user)
    return chosen


def _answers(questionnaire, lecturers, rnd, *, rated_id):
    """One trainee's form data: the rated lecturer mostly 4s and 5s."""
    data = {}
    for question in questionnaire.questions.all():
        if question.kind == Kind.LECTURER:
            for lecturer in lecturers:
                weights = (
                    [0, 1, 2, 6, 8] if lecturer.pk == rated_id else [1, 1, 3, 5, 4]
                )
                value = rnd.choices(range(1, 6), weights=weights)[0]
                data[f"q{question.pk}-l{lecturer.pk}"] = str(value)
        elif question.kind == Kind.LIKERT:
            data[f"q{question.pk}"] = str(rnd.choice([3, 4, 4, 5, 5]))
        elif question.kind == Kind.CHOICE:
            choices = question.choice_list
            data[f"q{question.pk}"] = choices[len(choices) // 2]
        elif question.required:
            data[f"q{question.pk}"] = "課程安排得很好。"
    return data


def ratings_demo(*, users, today, report):
    """Answered, released questionnaires of the demo lecturer's latest past
    sessions, through the surveys services; nothing if any of their past
    sessions already has a questionnaire."""
    organizer = users.get("organizer")
    profile = LecturerProfile.objects.filter(user=users.get("lecturer")).first()
    template = Questionnaire.objects.filter(is_template=True).first()
    if organizer is None or profile is None or template is None:
        return
    past = (
        Session.objects.filter(end_date__lt=today, timetable__lecturer=profile.lecturer)
        .exclude(status=SessionStatus.CANCELLED)
        .distinct()
    )
    if Questionnaire.objects.filter(session__in=past).exists():
        return
    pool = list(
        Person.objects.filter(user__username__regex=RESPONDENTS)
        .select_related("user", "agency")
        .order_by("user__username")
    )
    rnd = random.Random(16)
    sessions = past.select_related("course").order_by("-end_date", "pk")
    for session, size in zip(sessions[: len(RATED_GROUPS)], RATED_GROUPS, strict=False):
        respondents = _selected(session, pool, size)[:size]
        closed = timezone.make_aware(
            datetime.datetime.combine(session.end_date, datetime.time(17, 0))
        )
        questionnaire = survey_services.questionnaire_from_template(
            template=template, session=session, actor=organizer, opens_at=closed
        )
        lecturers = session_lecturers(session)
        for user in respondents:
            survey_services.response_submit(
                questionnaire=questionnaire,
                user=user,
                data=_answers(
                    questionnaire, lecturers, rnd, rated_id=profile.lecturer_id
                ),
            )
        survey_services.questionnaire_close(
            questionnaire=questionnaire, actor=organizer
        )
        # As if it closed a week after the class (or now) and was released then.
        closes_at = min(closed + datetime.timedelta(days=7), timezone.now())
        Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_at=closes_at)
        Response.objects.filter(questionnaire=questionnaire).update(
            submitted_on=timezone.localdate(closes_at)
        )
        report.add("questionnaire answers", len(respondents))
