"""National ID numbers encrypted at rest: envelope encryption, key rotation, and
disclosure only through an authorized, logged export."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command

from portal.accounts import id_vault, services
from portal.accounts.models import IdentityDisclosure, ImportBatch, Person
from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

from .test_imports import csv_bytes, nid, staff_row

pytestmark = pytest.mark.django_db

NEW_KEY = "k2:" + base64.b64encode(b"n" * 32).decode()


def test_a_sealed_number_opens_to_itself_and_hides_it():
    number = "A123456789"
    sealed = id_vault.seal(number)
    assert id_vault.unseal(sealed) == number
    assert number not in sealed and "123456789" not in base64.b64decode(
        sealed.split(":")[3] + "==", altchars=b"-_"
    ).decode("latin-1")
    # A fresh data key and nonces each time: equal numbers do not look equal.
    assert id_vault.seal(number) != sealed


def test_an_altered_sealed_number_is_refused():
    key_id_part = id_vault.seal("A123456789").rsplit(":", 1)
    ciphertext = bytearray(base64.urlsafe_b64decode(key_id_part[1] + "=="))
    ciphertext[-1] ^= 1
    altered = key_id_part[0] + ":" + base64.urlsafe_b64encode(ciphertext).decode()
    with pytest.raises(ValueError, match="altered"):
        id_vault.unseal(altered)


@pytest.mark.parametrize(
    "value", ["", "k1", "k1:not-base64!", "k1:" + base64.b64encode(b"short").decode()]
)
def test_bad_key_settings_are_refused(settings, value):
    settings.PERSONAL_ID_KEYS = value
    with pytest.raises(ImproperlyConfigured):
        id_vault.keys()


def test_a_number_sealed_under_a_key_no_longer_listed_names_the_key(settings):
    sealed = id_vault.seal("A123456789")
    settings.PERSONAL_ID_KEYS = NEW_KEY
    with pytest.raises(ImproperlyConfigured, match="test1"):
        id_vault.unseal(sealed)


def test_people_created_by_form_service_or_import_have_their_number_sealed():
    agencies = make_agencies()
    person = make_person("p1", agencies["it"], national_id="A123456789")
    assert id_vault.unseal(person.national_id_sealed) == "A123456789"
    staff = make_user("organizer", ORGANIZERS)
    batch = services.import_batch_create(
        uploaded_by=staff,
        filename="staff.csv",
        content=csv_bytes([staff_row(nid(4242), "林小華", agencies["it"].code)]),
    )
    # The stored batch holds the number encrypted, never in clear.
    assert nid(4242) not in str(ImportBatch.objects.get(pk=batch.pk).rows)
    services.import_batch_apply(viewer=staff, batch=batch)
    imported = Person.objects.get(name="林小華")
    assert id_vault.unseal(imported.national_id_sealed) == nid(4242)


def test_rotation_moves_every_number_to_the_new_key_and_keeps_it(settings, capsys):
    agencies = make_agencies()
    people = [make_person(f"p{i}", agencies["it"]) for i in range(3)]
    numbers = {p.pk: id_vault.unseal(p.national_id_sealed) for p in people}
    settings.PERSONAL_ID_KEYS = NEW_KEY + "," + settings.PERSONAL_ID_KEYS
    call_command("personal_ids_rekey")
    assert "3 number(s) moved from key test1 to k2." in capsys.readouterr().out
    settings.PERSONAL_ID_KEYS = NEW_KEY  # the old key can go now
    for person in Person.objects.filter(pk__in=numbers):
        assert id_vault.key_id_of(person.national_id_sealed) == "k2"
        assert id_vault.unseal(person.national_id_sealed) == numbers[person.pk]
    assert services.national_ids_rekey() == {}


def test_staff_disclose_numbers_for_an_export_and_it_is_logged():
    agencies = make_agencies()
    person = make_person("p1", agencies["it"], national_id="A123456789")
    staff = make_user("organizer", ORGANIZERS)
    numbers = services.national_ids_disclose(
        viewer=staff, people=[person], purpose="終身學習入口網站時數上傳"
    )
    assert numbers == {person.pk: "A123456789"}
    log = IdentityDisclosure.objects.get()
    assert (log.user, log.count, log.purpose) == (staff, 1, "終身學習入口網站時數上傳")


def test_hr_officers_disclose_only_their_agencys_numbers_and_trainees_none():
    agencies = make_agencies()
    mine = make_person("p1", agencies["it"])
    other = make_person("p2", agencies["edu"])
    hr = make_person("hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"]).user
    assert set(
        services.national_ids_disclose(viewer=hr, people=[mine], purpose="upload")
    ) == {mine.pk}
    with pytest.raises(PermissionDenied):
        services.national_ids_disclose(viewer=hr, people=[mine, other], purpose="x")
    with pytest.raises(PermissionDenied):
        services.national_ids_disclose(viewer=mine.user, people=[mine], purpose="x")
    assert IdentityDisclosure.objects.count() == 1


def test_only_institute_staff_read_the_disclosure_log(client):
    from django.urls import reverse

    agencies = make_agencies()
    person = make_person("p1", agencies["it"])
    staff = make_user("organizer", ORGANIZERS)
    services.national_ids_disclose(viewer=staff, people=[person], purpose="上傳測試")
    hr = make_person("hr", agencies["it"], HR_OFFICERS, hr_agency=agencies["it"]).user
    url = reverse("identity_disclosures:index")
    client.force_login(hr)
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and "上傳測試" in response.content.decode()
    entry = IdentityDisclosure.objects.get()
    assert client.get(
        reverse("identity_disclosures:edit", args=[entry.pk])
    ).status_code in (302, 403)
