import datetime

import pytest

from portal.accounts import roles
from tests.factories.catalog import make_course, make_session
from tests.factories.users import make_user


@pytest.fixture
def organizer(db):
    return make_user("org_fees", roles.ORGANIZERS)


@pytest.fixture
def fee_session(catalog):
    course = make_course(catalog, title="公文寫作")
    return make_session(course, start=datetime.date(2024, 3, 4), days=5)


@pytest.fixture
def lecturer_user(db):
    return make_user("lect_fees", roles.LECTURERS)


@pytest.fixture
def other_lecturer_user(db):
    return make_user("lect_fees2", roles.LECTURERS)
