"""The courses' eligibility rules at registration, nomination and substitution."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cms.catalog.models import CourseGroup, SessionStatus
from portal.accounts import roles
from portal.enrolment import services
from portal.enrolment.eligibility import years_after
from portal.enrolment.models import Enrolment, EnrolmentStatus
from tests.factories.catalog import make_course, make_session, make_site
from tests.factories.people import make_agencies, make_person
from tests.factories.records import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    _home, catalog = make_site()
    agencies = make_agencies()
    return {
        "catalog": catalog,
        "agencies": agencies,
        "trainee": make_person("rule_trainee", agencies["it"], name="規則甲").user,
    }


def _past_session(course, end):
    return make_session(
        course, start=end, status=SessionStatus.CLOSED, code=f"P{end:%y%m%d}"
    )


def _codes(error):
    return [e.code for e in error.value.error_list]


def test_years_after_keeps_the_day_and_moves_29_february():
    assert years_after(datetime.date(2023, 5, 1), 3) == datetime.date(2026, 5, 1)
    assert years_after(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)


@pytest.mark.parametrize(
    ("years_before", "extra_days", "refused"),
    [(2, 1, True), (2, 0, False), (3, 0, False)],
    ids=["a-day-short-of-2-years", "2-years-to-the-day", "3-years"],
)
def test_repeat_within_n_years_is_refused_until_n_years_to_the_day(
    world, years_before, extra_days, refused
):
    course = make_course(world["catalog"], repeat_years=2)
    start = timezone.localdate() + datetime.timedelta(days=30)
    ended = years_after(start, -years_before) + datetime.timedelta(days=extra_days)
    complete(_past_session(course, ended), world["trainee"])
    session = make_session(course, start=start)

    if refused:
        with pytest.raises(ValidationError) as error:
            services.enrolment_register(session=session, trainee=world["trainee"])
        assert _codes(error) == ["repeat_too_soon"]
        message = error.value.messages[0]
        assert "規則甲" in message and years_after(ended, 2).isoformat() in message
    else:
        enrolment = services.enrolment_register(
            session=session, trainee=world["trainee"]
        )
        assert enrolment.status == EnrolmentStatus.SELECTED


def test_zero_years_means_never_again_but_an_uncompleted_class_does_not_count(world):
    course = make_course(world["catalog"], repeat_years=0)
    trainee = world["trainee"]
    complete(_past_session(course, datetime.date(2010, 3, 1)), trainee)
    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=make_session(course), trainee=trainee)
    assert _codes(error) == ["repeat_never"]

    other = make_person("rule_other", world["agencies"]["it"]).user
    complete(_past_session(course, datetime.date(2025, 3, 1)), other, completed=False)
    services.enrolment_register(session=make_session(course), trainee=other)


def test_a_course_without_repeat_rule_may_be_taken_again(world):
    course = make_course(world["catalog"])
    complete(_past_session(course, timezone.localdate()), world["trainee"])
    services.enrolment_register(session=make_session(course), trainee=world["trainee"])


def test_two_open_terms_of_a_course_with_a_repeat_rule_are_refused(world):
    course = make_course(world["catalog"], repeat_years=1)
    first, second = make_session(course, term=1), make_session(course, term=2)
    services.enrolment_register(session=first, trainee=world["trainee"])
    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=second, trainee=world["trainee"])
    assert _codes(error) == ["repeat_registered"]
    # Once withdrawn from the first term, the second one is open to them.
    services.enrolment_withdraw(
        enrolment=Enrolment.objects.get(session=first), actor=world["trainee"]
    )
    services.enrolment_register(session=second, trainee=world["trainee"])


def test_group_limit_counts_classes_of_the_same_year_up_to_the_maximum(world):
    group = CourseGroup.objects.create(name="語文類", max_classes=2)
    start = datetime.date(timezone.localdate().year + 1, 3, 1)
    courses = [make_course(world["catalog"], course_group=group) for _ in range(4)]
    sessions = [
        make_session(c, start=start + datetime.timedelta(days=7 * i))
        for i, c in enumerate(courses)
    ]
    next_year = make_session(courses[3], start=datetime.date(start.year + 1, 3, 1))
    trainee = world["trainee"]
    services.enrolment_register(session=sessions[0], trainee=trainee)
    services.enrolment_register(session=sessions[1], trainee=trainee)

    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=sessions[2], trainee=trainee)
    assert _codes(error) == ["group_limit"]
    assert "語文類" in error.value.messages[0]
    services.enrolment_register(session=next_year, trainee=trainee)
    # A withdrawn class frees its place in the group.
    services.enrolment_withdraw(
        enrolment=Enrolment.objects.get(session=sessions[0]), actor=trainee
    )
    services.enrolment_register(session=sessions[3], trainee=trainee)


def test_group_limit_over_all_years(world):
    group = CourseGroup.objects.create(name="領導類", max_classes=1, per_year=False)
    old, new = (make_course(world["catalog"], course_group=group) for _ in range(2))
    complete(_past_session(old, datetime.date(2015, 6, 1)), world["trainee"])
    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=make_session(new), trainee=world["trainee"])
    assert _codes(error) == ["group_limit"]


def test_required_and_excluded_courses(world):
    catalog, trainee = world["catalog"], world["trainee"]
    basic = make_course(catalog, title="基礎班")
    old_advanced = make_course(catalog, title="舊制進階班")
    advanced = make_course(catalog, title="進階班")
    advanced.required_courses.set([basic])
    advanced.excluded_courses.set([old_advanced])
    advanced.save()
    session = make_session(advanced)

    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=session, trainee=trainee)
    assert _codes(error) == ["prerequisite"]
    assert "基礎班" in error.value.messages[0]

    complete(_past_session(basic, datetime.date(2024, 1, 10)), trainee)
    complete(_past_session(old_advanced, datetime.date(2024, 2, 10)), trainee)
    with pytest.raises(ValidationError) as error:
        services.enrolment_register(session=session, trainee=trainee)
    assert _codes(error) == ["excluded_course"]
    assert "舊制進階班" in error.value.messages[0]


def test_every_refusing_rule_is_named_at_once(world):
    basic = make_course(world["catalog"], title="必修前導")
    course = make_course(world["catalog"], repeat_years=0)
    course.required_courses.set([basic])
    course.save()
    complete(_past_session(course, datetime.date(2020, 1, 6)), world["trainee"])
    with pytest.raises(ValidationError) as error:
        services.enrolment_register(
            session=make_session(course), trainee=world["trainee"]
        )
    assert _codes(error) == ["repeat_never", "prerequisite"]


def test_nomination_of_someone_who_completed_the_course_is_refused(world):
    agencies = world["agencies"]
    hr = make_person(
        "rule_hr", agencies["it"], roles.HR_OFFICERS, hr_agency=agencies["it"]
    )
    course = make_course(world["catalog"], repeat_years=0)
    complete(_past_session(course, datetime.date(2022, 9, 1)), world["trainee"])
    # Even nominated again on purpose: the course's own rule still refuses.
    outcome = services.enrolment_nominate_many(
        session=make_session(course),
        people=[world["trainee"].person],
        hr_officer=hr.user,
        retake=True,
    )
    refusal = outcome.refused[world["trainee"].person.pk]
    assert [e.code for e in refusal.error_list] == ["repeat_never"]
    assert not outcome.nominated
    assert (
        not Enrolment.objects.filter(session__course=course, user=world["trainee"])
        .exclude(session__status=SessionStatus.CLOSED)
        .exists()
    )


def test_a_substitute_must_meet_the_rules_too(world):
    agencies = world["agencies"]
    hr = make_person(
        "rule_hr2", agencies["it"], roles.HR_OFFICERS, hr_agency=agencies["it"]
    )
    colleague = make_person("rule_colleague", agencies["it"]).user
    course = make_course(world["catalog"], repeat_years=0)
    complete(_past_session(course, datetime.date(2021, 4, 1)), colleague)
    enrolment = services.enrolment_register(
        session=make_session(course), trainee=world["trainee"]
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_substitute(
            enrolment=enrolment, substitute=colleague, hr_officer=hr.user
        )
    assert _codes(error) == ["repeat_never"]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.SELECTED


def test_the_course_page_states_its_rules(world, client):
    group = CourseGroup.objects.create(name="語文類", max_classes=2)
    basic = make_course(world["catalog"], title="日語入門")
    course = make_course(world["catalog"], repeat_years=3, course_group=group)
    course.required_courses.set([basic])
    course.save_revision().publish()

    page = client.get(course.url).content.decode()

    assert "報名資格" in page
    assert "語文類" in page and "日語入門" in page


def test_the_course_page_tells_a_refused_trainee_why_instead_of_a_button(world, client):
    course = make_course(world["catalog"], repeat_years=0, title="公務倫理研習班")
    complete(_past_session(course, datetime.date(2023, 3, 1)), world["trainee"])
    session = make_session(course)
    client.force_login(world["trainee"])

    page = client.get(course.url).content.decode()

    assert "2023-03-01" in page and "規則甲" in page
    assert reverse("portal:enrol", args=[session.pk]) not in page
    client.force_login(make_person("rule_fresh", world["agencies"]["edu"]).user)
    assert (
        reverse("portal:enrol", args=[session.pk])
        in client.get(course.url).content.decode()
    )
