import importlib
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.accounts import national_id
from portal.accounts.models import Person
from portal.accounts.selectors import national_id_taken, person_find_by_national_id
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


def test_check_digit_completes_a_valid_number():
    assert national_id.check_digit("A12345678") == "9"
    for body in ("F24242424", "Z98765432", "O80000001"):
        assert national_id.validate(body + national_id.check_digit(body))


def test_mask_shows_the_letter_and_the_last_two_digits():
    assert national_id.mask("A123456789") == "A*******89"
    assert national_id.mask(" a１２３４５６７８９") == "A*******89"


# How many real numbers fit a mask, by brute force --------------------------------

_SECOND = "1289"  # 1/2 for citizens, 8/9 for residents
_WEIGHTS = national_id._WEIGHTS


def _weighted(position: int, char: str) -> int:
    """What ``char`` at ``position`` adds to national_id.validate's check sum."""
    if position == 0:
        value = national_id._LETTERS.index(char) + 10
        return (value // 10) * _WEIGHTS[0] + (value % 10) * _WEIGHTS[1]
    return int(char) * _WEIGHTS[position + 1]


def candidates(masked: str, *, second=_SECOND, stop_at=None) -> int:
    """How many valid numbers match ``masked`` ("*" hides a character).

    Enumerates every number the mask allows; each is summed as validate() sums it
    (test_enumeration_agrees_with_validate keeps the two the same).
    """
    choices = []
    for position, char in enumerate(masked):
        if char != "*":
            options = char
        elif position == 0:
            options = national_id._LETTERS
        elif position == 1:
            options = second
        else:
            options = "0123456789"
        choices.append([_weighted(position, option) for option in options])
    count = 0
    for combination in itertools.product(*choices):
        if not sum(combination) % 10:
            count += 1
            if stop_at and count >= stop_at:
                break
    return count


def test_enumeration_agrees_with_validate():
    valid = 0
    digits = "0123456789"
    for combination in itertools.product("12", digits, digits, digits):
        number = "A" + "".join(combination) + "45678"
        try:
            national_id.validate(number)
        except ValidationError:
            continue
        valid += 1
    assert candidates("A****45678", second="12") == valid == 200


def test_the_old_mask_left_about_a_thousand_candidates():
    assert candidates("A12****789") == 1000


@pytest.mark.parametrize(
    "number",
    [
        "A123456789",
        valid_national_id(4242, "F", "2"),
        valid_national_id(1, "Z", "9"),
        valid_national_id(9999999, "O", "8"),
    ],
)
def test_a_mask_leaves_at_least_100000_candidates_even_knowing_the_sex(number):
    masked = national_id.mask(number)
    # Knowing the person's sex (the second character) is the worst case.
    assert candidates(masked, second=number[1]) >= 100_000


def test_a_mask_leaves_400000_candidates_not_knowing_the_sex():
    assert candidates(national_id.mask("A123456789")) == 400_000


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


@pytest.mark.django_db
def test_a_taken_number_is_found_through_the_hash_whatever_the_scope():
    agencies = make_agencies()
    number = valid_national_id(31)
    person = make_person("taken", agencies["edu"], national_id=number)
    assert national_id_taken(number=number)
    assert not national_id_taken(number=number, other_than=person.pk)
    assert not national_id_taken(number=valid_national_id(32))


@pytest.mark.django_db
def test_old_masks_are_rewritten_by_the_migration():
    from django.apps import apps

    migration = importlib.import_module(
        "portal.accounts.migrations.0005_remask_national_ids"
    )
    agencies = make_agencies()
    person = make_person("old", agencies["it"], national_id="A123456789")
    Person.objects.filter(pk=person.pk).update(national_id_masked="A12****789")
    migration.remask(apps, None)
    person.refresh_from_db()
    assert person.national_id_masked == "A*******89"
    assert person.national_id_masked == national_id.mask("A123456789")
