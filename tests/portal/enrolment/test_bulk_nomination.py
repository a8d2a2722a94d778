"""Nominating several people at once is one service, the same for the site
(``portal:nominate``) and the API: everybody who may be is nominated, and each
refusal is told with its reason; a refused person leaves no trace."""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from portal.accounts.roles import HR_OFFICERS
from portal.enrolment import services
from portal.enrolment.models import Enrolment, EnrolmentEvent
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
    outcome = services.enrolment_nominate_many(
        session=session, people=staff, hr_officer=hr_it.user
    )
    assert [e.user for e in outcome.nominated] == [p.user for p in staff]
    assert outcome.refused == {}
    assert {e.source for e in outcome.nominated} == {"nomination"}
    assert session.enrolments.count() == 3


def test_one_refusal_nominates_the_others_and_tells_why(session, agencies, hr_it):
    first, registered, last = (
        make_person(name, agencies["it"]) for name in ("first", "registered", "last")
    )
    services.enrolment_register(session=session, trainee=registered.user)
    events = EnrolmentEvent.objects.count()
    outcome = services.enrolment_nominate_many(
        session=session, people=[first, registered, last], hr_officer=hr_it.user
    )
    assert [e.user for e in outcome.nominated] == [first.user, last.user]
    assert list(outcome.refused) == [registered.pk]
    assert [e.code for e in outcome.refused[registered.pk].error_list] == [
        "already_registered"
    ]
    # The registered trainee's own enrolment is untouched: no event added for them.
    assert EnrolmentEvent.objects.count() == events + 2
    assert set(session.enrolments.values_list("user", flat=True)) == {
        first.user.pk,
        registered.user.pk,
        last.user.pk,
    }


def test_a_refused_person_gets_no_mail(session, agencies, hr_it):
    fine = make_person("fine", agencies["it"], email="fine@example.test")
    outsider = make_person("outsider", agencies["edu"], email="out@example.test")
    services.enrolment_nominate_many(
        session=session, people=[fine, outsider], hr_officer=hr_it.user
    )
    recipients = ",".join(OutgoingEmail.objects.values_list("to", flat=True))
    assert "fine@example.test" in recipients
    assert "out@example.test" not in recipients


def test_someone_out_of_scope_is_refused_alone(session, agencies, hr_it):
    own = make_person("own", agencies["it"])
    outsider = make_person("outsider", agencies["edu"])
    outcome = services.enrolment_nominate_many(
        session=session, people=[own, outsider], hr_officer=hr_it.user
    )
    assert [e.code for e in outcome.refused[outsider.pk].error_list] == ["out_of_scope"]
    assert list(session.enrolments.values_list("user", flat=True)) == [own.user.pk]


def test_a_person_named_twice_is_nominated_once(session, agencies, hr_it):
    staff = make_person("twice", agencies["it"])
    outcome = services.enrolment_nominate_many(
        session=session, people=[staff, staff], hr_officer=hr_it.user
    )
    assert len(outcome.nominated) == 1 and session.enrolments.count() == 1


def test_a_database_failure_leaves_nobody_nominated(
    session, agencies, hr_it, monkeypatch
):
    """Refusals are per person; an unexpected error undoes the whole list."""
    first, second = (make_person(n, agencies["it"]) for n in ("db1", "db2"))
    real = services.enrolment_nominate

    def failing(*, trainee, **kwargs):
        if trainee == second.user:
            raise DatabaseError("disk full")
        return real(trainee=trainee, **kwargs)

    monkeypatch.setattr(services, "enrolment_nominate", failing)
    with pytest.raises(DatabaseError):
        services.enrolment_nominate_many(
            session=session, people=[first, second], hr_officer=hr_it.user
        )
    assert not session.enrolments.exists()


def test_the_site_nominates_the_others_and_names_the_refused(
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
    assert Enrolment.objects.get(session=session, user=free.user).source == (
        "nomination"
    )
    [success] = [str(m) for m in response.context["messages"]]
    assert "林自由" in success and "王已報" not in success
    [(person, reasons)] = response.context["refusals"]
    assert person == taken and "王已報" in reasons[0]
    # The refused stay chosen on the page; the nominated do not.
    assert response.context["picker"].chosen == [taken]
    page = response.content.decode()
    assert "王已報" in page and 'class="error-summary"' in page


def test_the_site_goes_back_to_the_list_when_everybody_is_nominated(
    client, session, agencies, hr_it
):
    people = [make_person(f"ok{i}", agencies["it"]) for i in range(2)]
    client.login(username="hr_it", password=PASSWORD)
    response = client.post(
        reverse("portal:nominate"),
        {"session": session.pk, "people": [p.pk for p in people]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:agency_enrolments")
    assert session.enrolments.count() == 2


def test_the_api_nominates_the_others_and_tells_why(session, agencies, hr_it):
    from rest_framework.test import APIClient

    from tests.api.conftest import bearer

    free = make_person("free", agencies["it"])
    taken = make_person("taken", agencies["it"])
    outsider = make_person("outsider", agencies["edu"])
    services.enrolment_register(session=session, trainee=taken.user)
    api = bearer(APIClient(), hr_it.user)
    results = api.post(
        "/api/v1/agency/nominations/",
        {"session": session.pk, "people": [free.pk, taken.pk, outsider.pk]},
        format="json",
    ).json()
    assert [r["person_id"] for r in results] == [free.pk, taken.pk, outsider.pk]
    assert results[0]["error"] is None and results[0]["enrolment"]["status"]
    assert results[1]["enrolment"] is None
    assert results[1]["error_codes"] == ["already_registered"]
    assert results[2]["error_codes"] == ["not_found"]
    assert Enrolment.objects.filter(session=session, user=free.user).exists()
    assert not Enrolment.objects.filter(user=outsider.user).exists()
