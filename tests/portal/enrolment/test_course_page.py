"""What a course page tells a trainee before registering: seats left, and that
a full session puts them on the waiting list."""

import pytest

from portal.enrolment import services
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person

pytestmark = pytest.mark.django_db


def test_seats_left_and_the_waiting_list_warning(client, catalog):
    agencies = make_agencies()
    course = make_course(catalog, title="時間管理班")
    session = make_session(course, capacity=2)
    first = make_person("seat_a", agencies["it"]).user
    services.enrolment_register(session=session, trainee=first)
    newcomer = make_person("seat_b", agencies["it"]).user
    client.force_login(newcomer)

    page = client.get(course.url).content.decode()
    assert "剩餘 1 個名額" in page and "候補" not in page

    services.enrolment_register(
        session=session, trainee=make_person("seat_c", agencies["edu"]).user
    )
    page = client.get(course.url).content.decode()
    assert "剩餘 0 個名額" in page and "候補名單" in page
