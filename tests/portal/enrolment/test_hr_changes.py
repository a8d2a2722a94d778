"""What an agency's HR office may change after nominating: a cut-off, the kinds
of change, a quota per agency, nothing after check-in, substitutes of the same
agency; and moving a nominee to another term."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import HR_OFFICERS
from portal.classday.models import CheckIn, Method
from portal.enrolment import selectors, services
from portal.enrolment.models import (
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    HRChange,
)
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
S = EnrolmentStatus


@pytest.fixture
def office(catalog):
    agencies = make_agencies()
    hr = make_person("chg_hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])
    course = make_course(catalog, title="簡報技巧班")
    people = [make_person(f"chg{i}", agencies["it_unit"]).user for i in range(4)]
    city_hr = make_person(
        "chg_city_hr", agencies["city"], HR_OFFICERS, hr_agency=agencies["city"]
    )
    return {
        "agencies": agencies, "hr": hr.user, "city_hr": city_hr.user,
        "course": course, "people": people,
    }  # fmt: skip


def _nominated(office, session, who=0):
    return services.enrolment_nominate(
        session=session, trainee=office["people"][who], hr_officer=office["hr"]
    )


def _codes(error):
    return [e.code for e in error.value.error_list]


def test_changes_close_at_the_cut_off(office):
    session = make_session(office["course"])
    enrolment = _nominated(office, session)
    session.hr_changes_close_at = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    with pytest.raises(ValidationError) as error:
        services.enrolment_withdraw(enrolment=enrolment, actor=office["hr"])
    assert _codes(error) == ["changes_closed"]
    # The trainee themself and the institute's staff are not bound by it.
    services.enrolment_withdraw(enrolment=enrolment, actor=enrolment.user)


def test_each_kind_of_change_can_be_closed(office):
    session = make_session(office["course"], hr_may_withdraw=False,
                           hr_may_substitute=False)  # fmt: skip
    enrolment = _nominated(office, session)
    with pytest.raises(ValidationError) as error:
        services.enrolment_withdraw(enrolment=enrolment, actor=office["hr"])
    assert _codes(error) == ["change_not_allowed"]
    with pytest.raises(ValidationError) as error:
        services.enrolment_substitute(
            enrolment=enrolment, substitute=office["people"][1], hr_officer=office["hr"]
        )
    assert _codes(error) == ["change_not_allowed"]
    organizer = make_user("chg_org", "Organizers")
    services.enrolment_withdraw(enrolment=enrolment, actor=organizer)


def test_the_quota_counts_the_agencys_changes_its_units_included(office):
    session = make_session(office["course"], hr_change_quota=2)
    first, second = (_nominated(office, session, i) for i in range(2))
    third = services.enrolment_nominate(
        session=session,
        trainee=make_person("chg_bureau", office["agencies"]["it"]).user,
        hr_officer=office["hr"],
    )  # of 資訊局 itself; the first two of its unit
    services.enrolment_withdraw(enrolment=first, actor=office["hr"])
    assert selectors.hr_changes_left(session=session, agency=second.agency) == 1
    services.enrolment_substitute(
        enrolment=second, substitute=office["people"][3], hr_officer=office["hr"]
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_withdraw(enrolment=third, actor=office["hr"])
    assert _codes(error) == ["change_quota"]
    assert HRChange.objects.filter(session=session).count() == 2


def test_no_change_once_the_trainee_checked_in(office):
    session = make_session(office["course"], start=timezone.localdate())
    enrolment = _nominated(office, session)
    CheckIn.objects.create(enrolment=enrolment, session=session,
                           date=timezone.localdate(), method=Method.QR)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.enrolment_withdraw(enrolment=enrolment, actor=office["hr"])
    assert _codes(error) == ["checked_in"]


def test_a_substitute_comes_from_the_same_agency(office):
    session = make_session(office["course"])
    enrolment = services.enrolment_nominate(
        session=session, trainee=office["people"][0], hr_officer=office["city_hr"]
    )
    teacher = make_person("chg_edu", office["agencies"]["edu"]).user
    with pytest.raises(ValidationError) as error:
        services.enrolment_substitute(
            enrolment=enrolment, substitute=teacher, hr_officer=office["city_hr"]
        )
    assert _codes(error) == ["other_agency"]
    # 資訊局 and its unit are one agency.
    colleague = make_person("chg_it", office["agencies"]["it"]).user
    services.enrolment_substitute(
        enrolment=enrolment, substitute=colleague, hr_officer=office["city_hr"]
    )


def test_a_nominee_moves_to_another_term_and_the_seat_goes_to_the_line(office):
    first = make_session(office["course"], term=1, capacity=1)
    second = make_session(office["course"], term=2)
    enrolment = _nominated(office, first)
    waiting = _nominated(office, first, 1)
    assert waiting.status == S.WAITLISTED

    moved = services.enrolment_transfer(
        enrolment=enrolment, to_session=second, actor=office["hr"]
    )

    assert (moved.session, moved.status, moved.source) == (
        second, S.SELECTED, EnrolmentSource.TRANSFER,
    )  # fmt: skip
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.WITHDRAWN
    assert Enrolment.objects.get(pk=waiting.pk).status == S.SELECTED
    assert HRChange.objects.get().kind == "transfer"


def test_a_move_is_all_or_nothing_and_within_the_course(office, catalog):
    first = make_session(office["course"], term=1)
    closed = make_session(
        office["course"], term=2,
        registration_closes=timezone.now() - datetime.timedelta(days=1),
        registration_opens=timezone.now() - datetime.timedelta(days=9),
    )  # fmt: skip
    enrolment = _nominated(office, first)
    with pytest.raises(ValidationError) as error:
        services.enrolment_transfer(enrolment=enrolment, to_session=closed,
                                    actor=office["hr"])  # fmt: skip
    assert _codes(error) == ["not_open"]
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.SELECTED
    assert not HRChange.objects.exists()
    other = make_session(make_course(catalog))
    with pytest.raises(ValidationError) as error:
        services.enrolment_transfer(enrolment=enrolment, to_session=other,
                                    actor=office["hr"])  # fmt: skip
    assert _codes(error) == ["not_same_course"]


def test_hr_moves_a_nominee_on_the_site_and_sees_the_changes_left(client, office):
    first = make_session(office["course"], term=1, hr_change_quota=3)
    second = make_session(office["course"], term=2)
    enrolment = _nominated(office, first)
    client.force_login(office["hr"])
    url = reverse("portal:transfer", args=[enrolment.pk])
    page = client.get(url).content.decode()
    assert "3" in page and f'value="{second.pk}"' in page

    response = client.post(url, {"session": second.pk, "reason": "公務繁忙"})

    assert response.status_code == 302
    assert (
        Enrolment.objects.get(user=enrolment.user, session=second).status == S.SELECTED
    )


def test_hr_moves_a_nominee_through_the_api(office):
    from rest_framework.test import APIClient

    first, second = (make_session(office["course"], term=t) for t in (1, 2))
    enrolment = _nominated(office, first)
    api = APIClient()
    api.force_authenticate(office["hr"])
    refused = api.post(f"/api/v1/enrolments/{enrolment.pk}/transfer/",
                       {"session": first.pk}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "session" in refused.json()["error"]["fields"]
    moved = api.post(f"/api/v1/enrolments/{enrolment.pk}/transfer/",
                     {"session": second.pk}, format="json")  # fmt: skip
    assert moved.status_code == 201
    assert moved.json()["session"]["id"] == second.pk
    assert moved.json()["source"] == "transfer"


def test_no_substitute_once_the_class_has_begun(office):
    session = make_session(office["course"], start=timezone.localdate())
    enrolment = _nominated(office, session)
    with pytest.raises(ValidationError) as error:
        services.enrolment_substitute(
            enrolment=enrolment, substitute=office["people"][1], hr_officer=office["hr"]
        )
    assert _codes(error) == ["started"]


@pytest.mark.parametrize(
    ("days_to_start", "allowed"), [(2, True), (1, True), (0, False)],
    ids=["two-days-before", "the-day-before", "on-the-day"],
)  # fmt: skip
def test_a_trainee_withdraws_until_the_day_before_the_start(
    office, days_to_start, allowed
):
    session = make_session(
        office["course"],
        start=timezone.localdate() + datetime.timedelta(days=days_to_start),
    )
    enrolment = _nominated(office, session)
    if allowed:
        services.enrolment_withdraw(enrolment=enrolment, actor=enrolment.user)
        assert Enrolment.objects.get(pk=enrolment.pk).status == S.WITHDRAWN
    else:
        with pytest.raises(ValidationError) as error:
            services.enrolment_withdraw(enrolment=enrolment, actor=enrolment.user)
        assert _codes(error) == ["withdrawal_closed"]


def test_the_site_asks_to_confirm_a_withdrawal_and_says_until_when(client, office):
    session = make_session(
        office["course"], start=timezone.localdate() + datetime.timedelta(days=10)
    )
    enrolment = _nominated(office, session)
    client.force_login(enrolment.user)
    classes = client.get(reverse("portal:my_classes")).content.decode()
    url = reverse("portal:withdraw", args=[enrolment.pk])
    assert f'href="{url}"' in classes

    page = client.get(url).content.decode()
    assert (session.start_date - datetime.timedelta(days=1)).isoformat() in page
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.SELECTED  # not yet

    client.post(url, {"reason": "公務"})
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.WITHDRAWN
