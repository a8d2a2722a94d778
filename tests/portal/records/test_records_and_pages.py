import datetime
from decimal import Decimal

import pytest
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.enrolment import services as enrolment_services
from portal.enrolment.models import EnrolmentStatus
from portal.records import services
from portal.records.models import Attendance, StudyHours
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_agencies, make_person
from tests.factories.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee():
    return make_person("trainee", make_agencies()["it"], name="王小明")


def _enrolled(catalog, trainee, hours="6", **session_fields):
    course = make_course(catalog, study_hours=Decimal(hours))
    session = make_session(course, **session_fields)
    return enrolment_services.enrolment_register(session=session, trainee=trainee.user)


def test_attendance_earns_the_course_hours_and_feeds_the_yearly_ledger(
    catalog, trainee
):
    organizer = make_user("organizer", "Organizers")
    first = _enrolled(catalog, trainee, hours="6")
    second = _enrolled(catalog, trainee, hours="12")
    services.record_update(
        enrolment=first, actor=organizer, attendance=Attendance.ATTENDED
    )
    services.record_update(
        enrolment=second, actor=organizer, attendance=Attendance.PARTIAL, hours=Decimal("3"),
        completed=False,
    )  # fmt: skip
    year = first.session.start_date.year
    ledger = StudyHours.objects.get(user=trainee.user, year=year)
    assert (ledger.hours, ledger.sessions_completed) == (Decimal("9"), 1)
    # Correcting a record corrects the ledger; doing it twice changes nothing more.
    for _ in range(2):
        services.record_update(
            enrolment=second, actor=organizer, attendance=Attendance.ABSENT
        )
    ledger.refresh_from_db()
    assert ledger.hours == Decimal("6")


def test_hours_beyond_the_course_are_refused(catalog, trainee):
    enrolment = _enrolled(catalog, trainee, hours="6")
    with pytest.raises(ValidationError):
        services.record_update(
            enrolment=enrolment,
            actor=None,
            attendance=Attendance.ATTENDED,
            hours=Decimal("7"),
        )


def test_waitlisted_trainees_have_no_record(catalog, trainee):
    enrolment = _enrolled(catalog, trainee, capacity=1)
    enrolment.status = EnrolmentStatus.WAITLISTED
    with pytest.raises(ValidationError):
        services.record_update(
            enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED
        )


def test_trainee_enrols_from_the_course_page_and_withdraws_from_my_classes(
    client, catalog, trainee
):
    course = make_course(catalog, title="公文寫作實務班")
    session = make_session(course, code="B00492")
    client.login(username="trainee", password=PASSWORD)
    html = client.get(course.url).content.decode()
    assert reverse("portal:enrol", args=[session.pk]) in html
    response = client.post(
        reverse("portal:enrol", args=[session.pk]), {"next": course.url}
    )
    assert response.status_code == 302
    enrolment = session.enrolments.get()
    assert enrolment.status == EnrolmentStatus.SELECTED
    page = client.get(reverse("portal:my_classes"))
    assert "公文寫作實務班" in page.content.decode()
    client.post(reverse("portal:withdraw", args=[enrolment.pk]), {"reason": "出差"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_enrolling_twice_shows_a_clear_message(client, catalog, trainee):
    session = make_session(make_course(catalog))
    client.login(username="trainee", password=PASSWORD)
    client.post(reverse("portal:enrol", args=[session.pk]))
    response = client.post(reverse("portal:enrol", args=[session.pk]), follow=True)
    levels = [m.level for m in response.context["messages"]]
    assert levels == [messages.SUCCESS, messages.ERROR]  # registered, then refused
    assert session.enrolments.count() == 1


def test_closed_session_cannot_be_enrolled_even_by_crafting_the_post(
    client, catalog, trainee
):
    past = timezone.now() - datetime.timedelta(days=2)
    session = make_session(
        make_course(catalog), registration_opens=past - datetime.timedelta(days=5),
        registration_closes=past,
    )  # fmt: skip
    client.login(username="trainee", password=PASSWORD)
    client.post(reverse("portal:enrol", args=[session.pk]))
    assert not session.enrolments.exists()


def test_my_hours_lists_the_ledger(client, catalog, trainee):
    enrolment = _enrolled(catalog, trainee, hours="6")
    services.record_update(
        enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED
    )
    client.login(username="trainee", password=PASSWORD)
    response = client.get(reverse("portal:my_hours"))
    assert [row.hours for row in response.context["ledger"]] == [Decimal("6")]


def test_hr_officer_nominates_staff_through_the_form(client, catalog):
    agencies = make_agencies()
    make_person("hr_a", agencies["it"], "HR officers", hr_agency=agencies["it"])
    staff = make_person("staff1", agencies["it_unit"], name="陳同仁")
    outsider = make_person("outsider", agencies["edu"])
    session = make_session(make_course(catalog))
    client.login(username="hr_a", password=PASSWORD)
    # The form searches the HR officer's own agency only.
    found = client.get(reverse("portal:nominate"), {"q": "陳"}).content.decode()
    assert "陳同仁" in found and f'name="people" value="{staff.pk}"' in found
    other = client.get(reverse("portal:nominate"), {"q": outsider.name}).content
    assert f'name="people" value="{outsider.pk}"' not in other.decode()
    response = client.post(
        reverse("portal:nominate"), {"session": session.pk, "people": [staff.pk]}
    )
    assert response.status_code == 302
    assert session.enrolments.get().source == "nomination"
    # A crafted POST naming someone of another agency is refused by the form.
    response = client.post(
        reverse("portal:nominate"), {"session": session.pk, "people": [outsider.pk]}
    )
    assert response.status_code == 200
    assert not session.enrolments.filter(user=outsider.user).exists()


def test_agency_report_gives_each_person_their_hours_of_the_year(catalog):
    agencies = make_agencies()
    hr = make_person("hr_a", agencies["it"], "HR officers", hr_agency=agencies["it"])
    busy = make_person("busy", agencies["it_unit"], name="甲")
    make_person("idle", agencies["it"], name="乙")
    make_person("other", agencies["edu"], name="丙")
    enrolment = _enrolled(catalog, busy, hours="12")
    services.record_update(
        enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED
    )
    year = enrolment.session.start_date.year
    from portal.records.selectors import agency_hours_report

    rows = {
        p.name: (p.hours, p.sessions_completed)
        for p in agency_hours_report(viewer=hr.user, year=year)
    }
    assert rows["甲"] == (Decimal("12"), 1)
    assert rows["乙"] == (Decimal("0"), 0)
    assert "丙" not in rows
    last_year = {
        p.name: p.hours for p in agency_hours_report(viewer=hr.user, year=year - 1)
    }
    assert last_year["甲"] == Decimal("0")


def test_hours_page_preselects_the_year_it_shows(client):
    agencies = make_agencies()
    make_person("hr_a", agencies["it"], "HR officers", hr_agency=agencies["it"])
    client.login(username="hr_a", password=PASSWORD)
    response = client.get(reverse("portal:agency_hours"))
    year = timezone.localdate().year
    assert response.context["year"] == year
    assert f'<option value="{year}" selected>' in response.content.decode()
