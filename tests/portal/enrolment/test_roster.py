from decimal import Decimal

import pytest
from django.urls import reverse

from cms.catalog.models import SelectionMode
from portal.enrolment import services
from portal.enrolment.models import EnrolmentStatus
from portal.records.models import StudyHours, TrainingRecord
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(catalog):
    return make_session(
        make_course(catalog, study_hours=Decimal("6")),
        capacity=2,
        selection_mode=SelectionMode.MANUAL,
    )


@pytest.fixture
def applicants(session):
    agencies = make_agencies()
    users = [
        make_person(f"a{i}", agencies["it"], name=f"申請人{i}").user for i in range(3)
    ]
    return [services.enrolment_register(session=session, trainee=u) for u in users]


def _url(session):
    return reverse("session_roster", args=[session.pk])


def test_organizer_runs_selection_from_the_roster(client, session, applicants):
    make_user("organizer", "Organizers")
    client.login(username="organizer", password=PASSWORD)
    assert "申請人0" in client.get(_url(session)).content.decode()
    client.post(_url(session), {"action": "run_selection"})
    statuses = list(session.enrolments.order_by("pk").values_list("status", flat=True))
    assert statuses == [EnrolmentStatus.SELECTED] * 2 + [EnrolmentStatus.WAITLISTED]


def test_organizer_records_attendance_and_the_ledger_follows(
    client, session, applicants
):
    make_user("organizer", "Organizers")
    client.login(username="organizer", password=PASSWORD)
    client.post(_url(session), {"action": "run_selection"})
    first, second = applicants[0], applicants[1]
    client.post(
        _url(session),
        {"action": "records", f"attendance-{first.pk}": "attended",
         f"attendance-{second.pk}": "partial", f"hours-{second.pk}": "3"},
    )  # fmt: skip
    year = session.start_date.year
    assert StudyHours.objects.get(user=first.user, year=year).hours == Decimal("6")
    assert StudyHours.objects.get(user=second.user, year=year).hours == Decimal("3")


def test_bad_hours_save_nothing_and_keep_the_form(client, session, applicants):
    make_user("organizer", "Organizers")
    client.login(username="organizer", password=PASSWORD)
    client.post(_url(session), {"action": "run_selection"})
    first, second = applicants[0], applicants[1]
    response = client.post(
        _url(session),
        {"action": "records", f"attendance-{first.pk}": "attended",
         f"attendance-{second.pk}": "partial", f"hours-{second.pk}": "99"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not TrainingRecord.objects.exists()


def test_hr_officer_has_no_roster(client, session, applicants):
    from portal.accounts.models import Agency

    agencies = {"it": Agency.objects.get(code="379130000A")}
    make_person("hr", agencies["it"], "HR officers", hr_agency=agencies["it"])
    client.login(username="hr", password=PASSWORD)
    response = client.get(_url(session))
    assert response.status_code in (302, 403)
    assert not TrainingRecord.objects.exists()


def test_bulk_record_update_saves_every_row_or_none(session, applicants):
    from django.core.exceptions import ValidationError

    from portal.records import services as records_services

    organizer = make_user("organizer", "Organizers")
    services.selection_run(session=session, actor=organizer)
    first, second = applicants[0], applicants[1]
    first.refresh_from_db()
    second.refresh_from_db()
    rows = [
        {"enrolment": first, "attendance": "attended"},
        {"enrolment": second, "attendance": "partial", "hours": "99"},
    ]
    with pytest.raises(ValidationError) as refused:
        records_services.record_bulk_update(actor=organizer, rows=rows)
    assert set(refused.value.error_dict) == {str(second.pk)}
    assert not TrainingRecord.objects.exists()
    rows[1]["hours"] = "NaN"  # not a number the column can hold
    with pytest.raises(ValidationError) as refused:
        records_services.record_bulk_update(actor=organizer, rows=rows)
    assert set(refused.value.error_dict) == {str(second.pk)}
    rows[1]["hours"] = "2.5"
    records = records_services.record_bulk_update(actor=organizer, rows=rows)
    assert [r.hours for r in records] == [Decimal("6"), Decimal("2.5")]
    assert TrainingRecord.objects.count() == 2
