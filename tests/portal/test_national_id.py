import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.accounts import national_id
from portal.accounts.models import Person
from portal.accounts.selectors import person_find_by_national_id
from tests.factories.people import make_agencies, make_person, valid_national_id
from tests.factories.users import make_user


@pytest.mark.parametrize(
    "number", ["A123456789", "a123456789", " A12345 6789 ", "Ａ１２３４５６７８９"]
)
def test_valid_numbers_are_normalised(number):
    assert national_id.validate(number) == "A123456789"


@pytest.mark.parametrize(
    "number", ["A123456788", "A323456789", "1234567890", "AB23456789", ""]
)
def test_invalid_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        national_id.validate(number)


def test_mask_shows_only_the_ends():
    assert national_id.mask("A123456789") == "A12****789"


def test_hash_is_keyed(settings):
    first = national_id.hash_id("A123456789")
    settings.PERSONAL_ID_HASH_KEY = "another-key"
    assert national_id.hash_id("A123456789") != first


@pytest.mark.django_db
def test_national_id_is_nowhere_in_the_database_in_clear():
    agencies = make_agencies()
    number = valid_national_id(4242)
    person = make_person("wang", agencies["it"], national_id=number, name="王小明")
    assert person.national_id_masked == national_id.mask(number)
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [person.pk])  # noqa: S608
        row = cursor.fetchone()
    stored = " ".join(str(value) for value in row)
    assert number not in stored and number[1:] not in stored
    assert person.national_id_hash in stored


@pytest.mark.django_db
def test_lookup_by_national_id_goes_through_the_hash_and_the_scope():
    agencies = make_agencies()
    number = valid_national_id(777)
    person = make_person("lin", agencies["edu"], national_id=number)
    staff = make_user("organizer", "Organizers")
    assert person_find_by_national_id(viewer=staff, number=number.lower()) == person
    assert person_find_by_national_id(viewer=staff, number="A123456788") is None
    hr_it = make_person(
        "hr_it", agencies["it"], "HR officers", hr_agency=agencies["it"]
    )
    assert person_find_by_national_id(viewer=hr_it.user, number=number) is None
