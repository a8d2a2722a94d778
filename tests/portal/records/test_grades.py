"""Grades by a course's scheme: weighted parts, adjustment, bands, honours list,
the organizer's grades screen and its sheet."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.enrolment import services as enrolment_services
from portal.records import grading, services
from portal.records.models import Attendance, TrainingRecord
from tests.factories.catalog import make_course, make_session
from tests.factories.people import make_person
from tests.factories.records import make_graded_session

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def graded(catalog):
    """A 10-hour course graded by the scheme, four selected trainees attended."""
    return make_graded_session(catalog)


def _record(enrolment):
    return TrainingRecord.objects.get(enrolment=enrolment)


@pytest.mark.parametrize(
    ("grade", "band"),
    [(D("100"), "特優"), (D("99.9"), "優"), (D("90"), "優"), (D("89.9"), "甲"),
     (D("0"), "丁"), (None, "")],
)  # fmt: skip
def test_bands_start_at_their_minimum(grade, band):
    assert grading.band_for(grade, grading.bands(None)) == band


def test_honours_places_share_ties_and_list_everyone_tied_at_the_last_place():
    grades = [("a", D("95")), ("b", D("98")), ("c", D("95")), ("d", D("90")),
              ("e", D("90")), ("f", D("80"))]  # fmt: skip
    assert grading.competition_ranks(grades, 3) == {"b": 1, "a": 2, "c": 2}
    assert grading.competition_ranks(grades, 4) == {"b": 1, "a": 2, "c": 2, "d": 4,
                                                    "e": 4}  # fmt: skip
    assert grading.competition_ranks(grades, 0) == {}


def test_grade_is_the_weighted_mean_of_the_parts_plus_the_adjustment(graded):
    _session, (first, *_rest), organizer = graded
    record = services.grade_save(
        enrolment=first, actor=organizer, scores={"report": "80", "test": "91"}
    )
    # 100 x 20% (attended all 10 hours) + 80 x 30% + 91 x 50% = 89.5
    assert (record.grade, record.grade_band) == (D("89.5"), "甲")
    record = services.grade_save(
        enrolment=first, actor=organizer, scores={"report": "80", "test": "91"},
        adjustment="0.5", reason="課堂表現優異",
    )  # fmt: skip
    assert (record.grade, record.grade_band) == (D("90.0"), "優")
    assert _record(first).grade_adjustment_reason == "課堂表現優異"


def test_a_part_left_empty_leaves_the_grade_open(graded):
    _session, (first, *_rest), organizer = graded
    record = services.grade_save(
        enrolment=first, actor=organizer, scores={"test": "90"}
    )
    assert record.grade is None and record.grade_band == ""


def test_the_attendance_part_follows_the_hours(graded):
    _session, (first, *_rest), organizer = graded
    services.grade_save(
        enrolment=first, actor=organizer, scores={"report": "100", "test": "100"}
    )
    services.record_update(
        enrolment=first, actor=organizer, attendance=Attendance.PARTIAL, hours=D("5")
    )
    # 50 x 20% + 100 x 80% = 90
    assert _record(first).grade == D("90.0")


@pytest.mark.parametrize(
    ("scores", "adjustment", "reason", "field", "code"),
    [
        ({"test": "101"}, None, "", "test", "max_value"),
        ({"test": "-1"}, None, "", "test", "min_value"),
        ({"test": "九十"}, None, "", "test", "invalid"),
        ({"essay": "80"}, None, "", "essay", "unknown_part"),
        ({"test": "80"}, "3", "  ", "reason", "reason_required"),
        ({"test": "80"}, "51", "加分", "adjustment", "max_value"),
    ],
)
def test_bad_scores_are_refused_by_field_and_nothing_is_saved(
    graded, scores, adjustment, reason, field, code
):
    _session, (first, *_rest), organizer = graded
    with pytest.raises(ValidationError) as error:
        services.grade_save(enrolment=first, actor=organizer, scores=scores,
                            adjustment=adjustment, reason=reason)  # fmt: skip
    assert [e.code for e in error.value.error_dict[field]] == [code]
    assert _record(first).grade_parts == {}


def test_a_typed_grade_is_refused_for_a_course_with_a_scheme_but_kept_without(
    graded, catalog
):
    _session, (first, *_rest), organizer = graded
    with pytest.raises(ValidationError) as error:
        services.record_update(enrolment=first, actor=organizer,
                               attendance=Attendance.ATTENDED, grade=D("80"))  # fmt: skip
    assert error.value.code == "grade_from_scheme"

    plain = make_session(make_course(catalog), capacity=5)
    person = make_person("plain_grade", first.agency)
    enrolment = enrolment_services.enrolment_register(
        session=plain, trainee=person.user
    )
    services.record_update(enrolment=enrolment, actor=organizer,
                           attendance=Attendance.PARTIAL, grade=D("91"))  # fmt: skip
    # A later attendance update (the class-day sync) keeps the typed grade.
    services.record_update(
        enrolment=enrolment, actor=None, attendance=Attendance.ATTENDED
    )
    assert (_record(enrolment).grade, _record(enrolment).grade_band) == (D("91"), "優")


def test_honours_list_is_computed_confirmed_kept_and_reopened(graded):
    session, enrolments, organizer = graded
    for enrolment, test in zip(enrolments, ("95", "99", "95", "70"), strict=True):
        services.grade_save(
            enrolment=enrolment, actor=organizer, scores={"report": "90", "test": test}
        )
    listed = services.honours_compute(session=session, actor=organizer)
    assert [(r.enrolment_id, r.honours_rank) for r in listed] == [
        (enrolments[1].pk, 1), (enrolments[0].pk, 2), (enrolments[2].pk, 2),
    ]  # fmt: skip
    services.honours_confirm(session=session, actor=organizer)

    # The fourth trainee's grade rises after the list was confirmed: it stays.
    services.grade_save(
        enrolment=enrolments[3],
        actor=organizer,
        scores={"report": "100", "test": "100"},
    )
    with pytest.raises(ValidationError) as error:
        services.honours_compute(session=session, actor=organizer)
    assert error.value.code == "honours_confirmed"
    assert _record(enrolments[3]).honours_rank is None

    services.honours_reopen(session=session, actor=organizer)
    listed = services.honours_compute(session=session, actor=organizer)
    assert [r.enrolment_id for r in listed][:1] == [enrolments[3].pk]


def test_grades_screen_saves_and_keeps_what_was_typed_on_error(client, graded):
    session, (first, second, *_rest), organizer = graded
    client.force_login(organizer)
    url = reverse("session_grades", args=[session.pk])
    response = client.post(url, {
        "action": "save",
        f"score-{first.pk}-report": "85", f"score-{first.pk}-test": "88",
        f"score-{second.pk}-report": "77", f"score-{second.pk}-test": "150",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'value="150"' in page and 'value="77"' in page and 'aria-invalid="true"' in page
    )
    assert _record(first).grade is None  # all or nothing

    client.post(url, {
        "action": "save",
        f"score-{first.pk}-report": "85", f"score-{first.pk}-test": "88",
    })  # fmt: skip
    assert _record(first).grade == D("89.5")


def test_grade_sheet_downloads_and_imports_back(client, graded):
    session, (first, second, *_rest), organizer = graded
    client.force_login(organizer)
    url = reverse("session_grades", args=[session.pk])
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0].endswith("(id)") and "報告 (report)" in header
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {e.pk for e in graded[1]}
    report, test = header.index("報告 (report)"), header.index("測驗 (test)")
    adjust = next(i for i, h in enumerate(header) if h.endswith("(adjustment)"))
    reason = next(i for i, h in enumerate(header) if h.endswith("(reason)"))
    rows[first.pk][report].value, rows[first.pk][test].value = 90, 100
    rows[first.pk][adjust].value, rows[first.pk][reason].value = 1, "全勤"
    rows[second.pk][report].value, rows[second.pk][test].value = 60, 70
    buffer = io.BytesIO()
    sheet.parent.save(buffer)

    upload = SimpleUploadedFile("grades.xlsx", buffer.getvalue())
    response = client.post(url, {"action": "import", "sheet": upload})

    assert response.status_code == 302
    assert (_record(first).grade, _record(first).grade_band) == (D("98.0"), "優")
    assert _record(second).grade == D("73.0")


def test_a_sheet_line_of_someone_else_is_refused_by_line(client, graded, catalog):
    session, (first, *_rest), organizer = graded
    client.force_login(organizer)
    buffer = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["編號 (id)", "報告 (report)", "測驗 (test)"])
    book.active.append([first.pk, 90, 90])
    book.active.append([999999, 90, 90])
    book.save(buffer)
    response = client.post(
        reverse("session_grades", args=[session.pk]),
        {"action": "import", "sheet": SimpleUploadedFile("g.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert "3" in "".join(str(m) for m in response.context["messages"])
    assert _record(first).grade_parts == {}


def test_grades_and_places_reach_the_trainee_and_the_hr_export(client, graded):
    from portal.accounts.roles import HR_OFFICERS

    session, (first, *_rest), organizer = graded
    services.grade_save(enrolment=first, actor=organizer,
                        scores={"report": "95", "test": "95"})  # fmt: skip
    services.honours_compute(session=session, actor=organizer)
    TrainingRecord.objects.filter(enrolment=first).update(attendance="attended")
    session.start_date = session.end_date = session.start_date.replace(year=2020)
    session.save()

    client.force_login(first.user)
    page = client.get(reverse("portal:my_classes")).content.decode()
    assert "96" in page and "優" in page

    hr = make_person("grades_hr", first.agency, HR_OFFICERS, hr_agency=first.agency)
    client.force_login(hr.user)
    response = client.get(
        reverse("portal:agency_enrolments"), {"year": 2020, "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(
        [c.value for c in r]
        for r in sheet.iter_rows(min_row=2)
        if r[0].value == "學員0"
    )
    assert row[header.index("成績")] in (96, "96", 96.0, "96.0")
    assert row[header.index("等第")] == "優"
    assert row[header.index("優等名次")] == 1
