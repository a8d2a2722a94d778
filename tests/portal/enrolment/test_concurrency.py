"""Two trainees race for the last seat over two real database connections."""

import threading

import pytest
from django.db import close_old_connections, connection

from portal.enrolment import services
from portal.enrolment.models import Enrolment, EnrolmentStatus
from portal.notifications.models import OutgoingEmail
from tests.factories.catalog import make_course, make_session, make_site
from tests.factories.people import make_agencies, make_person


def _race(session, users):
    barrier = threading.Barrier(len(users))
    results, errors = [], []

    def enrol(user):
        try:
            barrier.wait(timeout=10)
            results.append(
                services.enrolment_register(session=session, trainee=user).status
            )
        except Exception as exc:  # reported below; a lost write must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=enrol, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_last_seat_is_given_exactly_once_when_two_requests_race(attempt):
    _home, catalog = make_site()
    agencies = make_agencies()
    session = make_session(make_course(catalog), capacity=2, code=f"R{attempt:05d}")
    holder = make_person(f"holder{attempt}", agencies["it"]).user
    services.enrolment_register(session=session, trainee=holder)
    racers = [
        make_person(f"racer{attempt}-{i}", agencies["edu"]).user for i in range(2)
    ]

    results, errors = _race(session, racers)

    assert not errors, errors
    assert sorted(results) == [EnrolmentStatus.SELECTED, EnrolmentStatus.WAITLISTED]
    assert Enrolment.objects.filter(session=session, status="selected").count() == 2
    assert OutgoingEmail.objects.filter(template_key="summons").count() == 2


@pytest.mark.django_db(transaction=True)
def test_withdrawal_promotes_exactly_once_under_concurrency():
    _home, catalog = make_site()
    agencies = make_agencies()
    session = make_session(make_course(catalog), capacity=1, code="W00001")
    seated = make_person("seated", agencies["it"]).user
    enrolment = services.enrolment_register(session=session, trainee=seated)
    waiting = [make_person(f"wait{i}", agencies["edu"]).user for i in range(3)]
    for user in waiting:
        services.enrolment_register(session=session, trainee=user)
    newcomer = make_person("newcomer", agencies["edu"]).user

    barrier = threading.Barrier(2)
    errors = []

    def withdraw():
        try:
            barrier.wait(timeout=10)
            services.enrolment_withdraw(enrolment=enrolment, actor=seated)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    def register():
        try:
            barrier.wait(timeout=10)
            services.enrolment_register(session=session, trainee=newcomer)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw), threading.Thread(target=register)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    selected = list(
        Enrolment.objects.filter(session=session, status="selected").values_list(
            "user__username", flat=True
        )
    )
    # The first in line gets the seat, never the newcomer who jumped the queue.
    assert selected == ["wait0"]
    assert OutgoingEmail.objects.filter(template_key="waitlist_promotion").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_two_nominations_of_one_person_for_two_classes_of_a_group_admit_one(attempt):
    """Two HR requests at once for two classes of a group that allows one: the
    trainee's row lock makes the second see the first, so one is refused."""
    from django.core.exceptions import ValidationError

    from cms.catalog.models import CourseGroup
    from portal.accounts import roles

    _home, catalog = make_site()
    agencies = make_agencies()
    group = CourseGroup.objects.create(name=f"語文類{attempt}", max_classes=1)
    sessions = [
        make_session(
            make_course(catalog, course_group=group), code=f"G{attempt}{i:04d}"
        )
        for i in range(2)
    ]
    trainee = make_person(f"grouped{attempt}", agencies["it"])
    hr = make_person(
        f"group_hr{attempt}",
        agencies["it"],
        roles.HR_OFFICERS,
        hr_agency=agencies["it"],
    ).user
    barrier = threading.Barrier(2)
    results, refusals, errors = [], [], []

    def nominate(session):
        try:
            barrier.wait(timeout=10)
            results.append(
                services.enrolment_nominate(
                    session=session, trainee=trainee.user, hr_officer=hr
                )
            )
        except ValidationError as error:
            refusals.append(error)
        except Exception as exc:  # a deadlock or lost write must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=nominate, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert len(results) == 1 and len(refusals) == 1
    assert [e.code for e in refusals[0].error_list] == ["group_limit"]
    assert Enrolment.objects.filter(user=trainee.user).count() == 1
