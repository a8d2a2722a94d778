"""Nominating several people at once is one atomic service, the same for the site
(``portal:nominate``) and the API: everybody is nominated, or nobody."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import services
from portal.enrolment.models import Enrolment
from portal.notifications.models import OutgoingEmail
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return make_agencies()


@pytest.fixture
def hr_it(agencies):
    return make_person("hr_it", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"])


@pytest.fixture
def session(catalog):
    return make_session(make_course(catalog), capacity=5)


def test_nominating_several_people_nominates_them_all(session, agencies, hr_it):
    staff = [make_person(f"s{i}", agencies["it_unit"]) for i in range(3)]
    enrolments = services.enrolment_nominate_many(
        session=session, people=staff, hr_officer=hr_it.user
    )
    assert [e.user for e in enrolments] == [p.user for p in staff]
    assert {e.source for e in enrolments} == {"nomination"}
    assert session.enrolments.count() == 3


def test_one_refusal_nominates_nobody_and_sends_nothing(session, agencies, hr_it):
    first, registered, last = (
        make_person(name, agencies["it"]) for name in ("first", "registered", "last")
    )
    services.enrolment_register(session=session, trainee=registered.user)
    mails = OutgoingEmail.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.enrolment_nominate_many(
            session=session, people=[first, registered, last], hr_officer=hr_it.user
        )
    codes = {
        key: [e.code for e in errors]
        for key, errors in refused.value.error_dict.items()
    }
    assert codes == {
        str(registered.pk): ["already_registered"],
        NON_FIELD_ERRORS: ["list_refused"],
    }
    assert list(session.enrolments.values_list("user", flat=True)) == [
        registered.user.pk
    ]
    assert OutgoingEmail.objects.count() == mails


def test_someone_out_of_scope_refuses_the_list(session, agencies, hr_it):
    own = make_person("own", agencies["it"])
    outsider = make_person("outsider", agencies["edu"])
    with pytest.raises(ValidationError) as refused:
        services.enrolment_nominate_many(
            session=session, people=[own, outsider], hr_officer=hr_it.user
        )
    assert [e.code for e in refused.value.error_dict[str(outsider.pk)]] == [
        "out_of_scope"
    ]
    assert not session.enrolments.exists()


def test_a_person_named_twice_is_nominated_once(session, agencies, hr_it):
    staff = make_person("twice", agencies["it"])
    enrolments = services.enrolment_nominate_many(
        session=session, people=[staff, staff], hr_officer=hr_it.user
    )
    assert len(enrolments) == 1 and session.enrolments.count() == 1


def test_the_site_nominates_nobody_when_one_is_refused(
    client, session, agencies, hr_it
):
    free = make_person("free", agencies["it"], name="林自由")
    taken = make_person("taken", agencies["it"], name="王已報")
    services.enrolment_register(session=session, trainee=taken.user)
    client.login(username="hr_it", password=PASSWORD)
    response = client.post(
        reverse("portal:nominate"),
        {"session": session.pk, "people": [free.pk, taken.pk]},
    )
    assert response.status_code == 200
    assert not Enrolment.objects.filter(user=free.user).exists()
    lines = [str(m) for m in response.context["messages"]]
    assert len(lines) == 2 and lines[1].startswith("王已報: ")


def test_the_api_nominates_nobody_when_one_is_refused(session, agencies, hr_it):
    from rest_framework.test import APIClient

    from tests.api.conftest import bearer

    free = make_person("free", agencies["it"])
    taken = make_person("taken", agencies["it"])
    services.enrolment_register(session=session, trainee=taken.user)
    api = bearer(APIClient(), hr_it.user)
    results = api.post(
        "/api/v1/agency/nominations/",
        {"session": session.pk, "people": [free.pk, taken.pk]},
        format="json",
    ).json()
    assert [r["person_id"] for r in results] == [free.pk, taken.pk]
    assert [r["enrolment"] for r in results] == [None, None]
    assert (
        all(r["error"] for r in results) and results[0]["error"] != results[1]["error"]
    )
    assert not Enrolment.objects.filter(user=free.user).exists()
