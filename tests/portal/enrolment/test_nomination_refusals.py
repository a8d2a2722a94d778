"""Nomination refuses people already in the session and people who completed the
course before (with the date), unless the HR officer nominates them again on
purpose; the course's own rules apply whatever the HR officer ticks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.test import APIClient

from cms.catalog.models import SessionStatus
from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from tests.api.conftest import bearer
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.records import complete
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(catalog):
    agencies = make_agencies()
    return {
        "catalog": catalog,
        "agencies": agencies,
        "hr": make_person(
            "ref_hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"]
        ),
        "staff": make_person("ref_staff", agencies["it_unit"], name="陳再訓"),
    }


def _completed_before(office, course, ended=datetime.date(2025, 5, 9)):
    past = make_session(course, start=ended, status=SessionStatus.CLOSED, code="P0509")
    complete(past, office["staff"].user)
    return past


def _codes(error):
    return [e.code for e in error.value.error_list]


@pytest.mark.parametrize(
    "status",
    [EnrolmentStatus.APPLIED, EnrolmentStatus.SELECTED, EnrolmentStatus.WAITLISTED],
)
def test_someone_in_the_session_in_any_open_status_is_refused_by_name(office, status):
    session = make_session(make_course(office["catalog"]))
    Enrolment.objects.create(session=session, user=office["staff"].user, status=status)
    with pytest.raises(ValidationError) as error:
        services.enrolment_nominate(
            session=session, trainee=office["staff"].user, hr_officer=office["hr"].user
        )
    assert _codes(error) == ["already_registered"]
    assert "陳再訓" in error.value.messages[0]


def test_someone_who_withdrew_from_the_session_may_be_nominated_again(office):
    session = make_session(make_course(office["catalog"]))
    Enrolment.objects.create(
        session=session, user=office["staff"].user, status=EnrolmentStatus.WITHDRAWN
    )
    enrolment = services.enrolment_nominate(
        session=session, trainee=office["staff"].user, hr_officer=office["hr"].user
    )
    assert enrolment.status in (EnrolmentStatus.SELECTED, EnrolmentStatus.APPLIED)


def test_someone_who_completed_the_course_is_refused_with_the_date(office):
    course = make_course(office["catalog"], title="公文寫作實務班")
    _completed_before(office, course)
    session = make_session(course)
    with pytest.raises(ValidationError) as error:
        services.enrolment_nominate(
            session=session, trainee=office["staff"].user, hr_officer=office["hr"].user
        )
    assert _codes(error) == ["already_completed"]
    message = error.value.messages[0]
    assert "陳再訓" in message and "公文寫作實務班" in message
    assert "2025-05-09" in message
    assert not session.enrolments.exists()


def test_an_attended_but_not_completed_class_does_not_refuse(office):
    course = make_course(office["catalog"])
    past = make_session(
        course, start=datetime.date(2025, 3, 3), status=SessionStatus.CLOSED
    )
    complete(past, office["staff"].user, completed=False)
    enrolment = services.enrolment_nominate(
        session=make_session(course),
        trainee=office["staff"].user,
        hr_officer=office["hr"].user,
    )
    assert enrolment.pk


def test_a_retake_on_purpose_is_nominated_and_written_in_the_history(office):
    course = make_course(office["catalog"])
    _completed_before(office, course)
    enrolment = services.enrolment_nominate(
        session=make_session(course),
        trainee=office["staff"].user,
        hr_officer=office["hr"].user,
        retake=True,
    )
    event = enrolment.events.get()
    assert event.actor == office["hr"].user
    assert event.reason == gettext(
        "Nominated again on purpose (retake); completed on %(date)s"
    ) % {"date": "2025-05-09"}


def test_a_retake_still_obeys_the_courses_repeat_rule(office):
    course = make_course(office["catalog"], repeat_years=3)
    start = timezone.localdate() + datetime.timedelta(days=30)
    _completed_before(office, course, ended=start - datetime.timedelta(days=365))
    session = make_session(course, start=start)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_nominate(
            session=session, trainee=office["staff"].user, hr_officer=office["hr"].user
        )
    # Without the tick both are told, so that ticking is known not to help.
    assert _codes(refused) == ["already_completed", "repeat_too_soon"]
    with pytest.raises(ValidationError) as still:
        services.enrolment_nominate(
            session=session,
            trainee=office["staff"].user,
            hr_officer=office["hr"].user,
            retake=True,
        )
    assert _codes(still) == ["repeat_too_soon"]
    assert not session.enrolments.exists()


def test_the_list_nominates_the_others_and_tells_each_refusal(office):
    course = make_course(office["catalog"])
    _completed_before(office, course)
    other = make_person("ref_other", office["agencies"]["it"], name="林新人")
    outcome = services.enrolment_nominate_many(
        session=make_session(course),
        people=[office["staff"], other],
        hr_officer=office["hr"].user,
    )
    assert [e.user for e in outcome.nominated] == [other.user]
    assert [e.code for e in outcome.refused[office["staff"].pk].error_list] == [
        "already_completed"
    ]


def test_the_site_refuses_with_the_date_then_nominates_with_the_tick(client, office):
    course = make_course(office["catalog"])
    _completed_before(office, course)
    session = make_session(course)
    client.login(username="ref_hr", password=PASSWORD)
    url = reverse("portal:nominate")
    data = {"session": session.pk, "people": [office["staff"].pk]}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "2025-05-09" in page.content.decode()
    assert not session.enrolments.exists()
    assert page.context["picker"].chosen == [office["staff"]]  # ready to tick
    response = client.post(url, {**data, "retake": "on"})
    assert response.status_code == 302
    enrolment = session.enrolments.get()
    assert "2025-05-09" in enrolment.events.get().reason


def test_the_api_takes_retake(office):
    course = make_course(office["catalog"])
    _completed_before(office, course)
    session = make_session(course)
    api = bearer(APIClient(), office["hr"].user)
    body = {"session": session.pk, "people": [office["staff"].pk]}
    [refused] = api.post("/api/v1/agency/nominations/", body, format="json").json()
    assert refused["error_codes"] == ["already_completed"]
    assert "2025-05-09" in refused["error"]
    [result] = api.post(
        "/api/v1/agency/nominations/", {**body, "retake": True}, format="json"
    ).json()
    assert result["error"] is None and result["enrolment"]["source"] == "nomination"
