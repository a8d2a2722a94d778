"""Editing a training record in the Wagtail admin goes through record_update."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.enrolment import services as enrolment_services
from portal.records import services
from portal.records.models import Attendance, StudyHours, TrainingRecord
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(catalog):
    trainee = make_person("trainee", make_agencies()["it"]).user
    course = make_course(catalog, study_hours=Decimal("6"))
    enrolment = enrolment_services.enrolment_register(
        session=make_session(course), trainee=trainee
    )
    return services.record_update(
        enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED
    )


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    return client


def refused(response):
    """Wagtail answers a forbidden admin view with 403 or a bounce to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _ledger(record):
    return StudyHours.objects.get(user=record.user, year=record.year)


def _post(client, record, **data):
    return client.post(
        reverse("training_records:edit", args=[record.pk]),
        {"attendance": Attendance.PARTIAL, "hours": "3", "grade": "", **data},
    )


def test_editing_hours_in_the_admin_updates_the_yearly_hours(admin_client, record):
    assert _ledger(record).hours == Decimal("6")
    url = reverse("training_records:edit", args=[record.pk])
    assert admin_client.get(url).status_code == 200
    response = _post(admin_client, record, completed="")
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.attendance, record.hours) == (Attendance.PARTIAL, Decimal("3"))
    ledger = _ledger(record)
    assert (ledger.hours, ledger.sessions_completed) == (Decimal("3"), 0)
    assert record.updated_by.username == "admin"


def test_the_services_checks_apply_in_the_admin(admin_client, record):
    response = _post(admin_client, record, hours="7")  # the course has 6
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    record.refresh_from_db()
    assert record.hours == Decimal("6")
    assert _ledger(record).hours == Decimal("6")


def test_records_cannot_be_deleted_in_the_admin(admin_client, record):
    url = reverse("training_records:delete", args=[record.pk])
    assert refused(admin_client.get(url))
    assert refused(admin_client.post(url))
    assert TrainingRecord.objects.filter(pk=record.pk).exists()
    assert _ledger(record).hours == Decimal("6")


def test_records_cannot_be_added_in_the_admin(admin_client, record):
    assert refused(admin_client.get(reverse("training_records:add")))
