import pytest

from tests.factories.lecturers import make_lecturer_world


@pytest.fixture
def lw(catalog):
    return make_lecturer_world(catalog)
