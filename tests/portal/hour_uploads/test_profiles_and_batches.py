"""Study-hour uploads: each profile's file byte for byte (golden files), Big5,
ROC dates, the 3,000-row split, who qualifies, scope, the disclosure log, and the
portal's result file."""

import csv
import datetime
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.accounts.models import IdentityDisclosure
from portal.hour_uploads import profiles, selectors, services
from portal.hour_uploads.models import RowStatus, UploadBatch
from tests.factories.hour_uploads import make_upload_world
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
PROFILE_KEYS = ["lifelong@2026.1", "envedu@2026.1", "teachers@2026.1"]


@pytest.fixture
def w(catalog):
    return make_upload_world(catalog)


def _batch(w, key="lifelong@2026.1", viewer=None, **kwargs):
    return services.upload_batch_create(
        viewer=viewer or w.staff, profile_key=key, year=2026, **kwargs
    )


def _file(w, batch, viewer=None) -> bytes:
    [(_name, data)] = services.upload_batch_files(viewer=viewer or w.staff, batch=batch)
    return data


def _table(profile, data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig" if profile.bom else profile.encoding)
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("key", PROFILE_KEYS)
def test_each_profile_writes_its_golden_file_byte_for_byte(w, key):
    data = _file(w, _batch(w, key))
    golden = GOLDEN / f"{key.replace('@', '-')}.csv"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes()


def test_the_lifelong_file_is_big5_with_25_columns_crlf_and_roc_dates(w):
    profile = profiles.get("lifelong@2026.1")
    data = _file(w, _batch(w))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = _table(profile, data)
    assert len(table[0]) == 25 and table[0][0] == "身分證字號"
    assert all(len(row) == 25 for row in table)
    assert data.count(b"\r\n") == len(table)
    wang = next(row for row in table if row[6] == "王小明" and row[20] == "B00492")
    assert wang[0] == w.ids["王小明"]
    assert wang[2:6] == ["115-05-19", "09:30:00", "115-05-20", "16:30:00"]
    # The real end moved by the early end on the last day.
    assert wang[21:25] == ["115-05-19", "09:30:00", "115-05-20", "15:00:00"]
    assert (wang[7], wang[9], wang[12]) == ("6", "10", "1")
    assert profiles.roc_date(datetime.date(2026, 5, 19)) == "115-05-19"


def test_learning_type_and_hours_follow_the_delivery_mode(w):
    table = _table(profiles.get("lifelong@2026.1"), _file(w, _batch(w)))
    by_code = {(row[6], row[20]): row for row in table[1:]}
    # 學習性質, 數位時數, 實體時數
    assert by_code[("王小明", "B00492")][17:20] == ["2", "0", "12"]
    assert by_code[("王小明", "B00510")][17:20] == ["3", "2", "4"]
    assert by_code[("王小明", "E00031")][17:20] == ["1", "2", "0"]
    assert by_code[("王小明", "T00007")][17:20] == ["2", "0", "3"]  # livestream


def test_only_completers_are_uploaded(w):
    batch = _batch(w)
    record_ids = set(batch.rows.values_list("record_id", flat=True))
    assert w.records[("blended", "李大同")].pk not in record_ids
    assert w.records[("blended", "王小明")].pk in record_ids


def test_missing_id_and_a_name_big5_cannot_write_are_problems_not_crashes(w):
    batch = _batch(w)
    problems = {p["name"]: p["message"] for p in batch.problems}
    assert problems["張無號"] == "未登錄身分證字號。"  # in the site's language
    assert "堃" in problems["林堃"]
    names = set(batch.rows.values_list("person__name", flat=True))
    assert not names & {"張無號", "林堃"}
    # UTF-8 (the teachers' profile) would write 林堃; he took no such course.


def test_an_hr_officer_uploads_only_their_agency_and_a_trainee_is_refused(w):
    batch = _batch(w, viewer=w.hr.user)
    assert batch.agency == w.agencies["it"]
    names = set(batch.rows.values_list("person__name", flat=True))
    assert names == {"王小明", "李大同"}
    assert selectors.batch_list(viewer=w.hr_edu.user).count() == 0
    with pytest.raises(PermissionDenied):
        _batch(w, viewer=w.people["王小明"].user)
    assert selectors.batch_list(viewer=w.people["王小明"].user).count() == 0


def test_each_download_is_logged_with_who_and_how_many(w):
    batch = _batch(w, viewer=w.hr.user)
    assert not IdentityDisclosure.objects.exists()  # making a batch decrypts nothing
    _file(w, batch, viewer=w.hr.user)
    _file(w, batch, viewer=w.hr.user)
    logs = list(IdentityDisclosure.objects.all())
    assert len(logs) == 2
    assert {log.user for log in logs} == {w.hr.user}
    assert {log.count for log in logs} == {2}  # 王小明 and 李大同
    assert f"#{batch.pk}" in logs[0].purpose
    batch.refresh_from_db()
    assert batch.downloads == 2


def test_the_file_keeps_no_clear_id_at_rest(w):
    batch = _batch(w)
    for row in batch.rows.all():
        assert not any(w.ids[name] in row.cells for name in w.ids)


def test_environmental_and_teachers_profiles_take_only_their_courses(w):
    envedu = _batch(w, "envedu@2026.1")
    assert set(envedu.rows.values_list("record__session__code", flat=True)) == {
        "E00031"
    }
    teachers = _batch(w, "teachers@2026.1")
    assert set(teachers.rows.values_list("record__session__code", flat=True)) == {
        "T00007"
    }


def test_3001_rows_make_two_files_of_3000_and_1():
    profile = profiles.get("lifelong@2026.1")
    line = ["A123456789"] + ["x"] * 24
    files = profile.render(lines=[line] * 3001, batch_id=7, year=2026)
    assert [name for name, _data in files] == [
        "lifelong-2026-upload7-1.csv",
        "lifelong-2026-upload7-2.csv",
    ]
    counts = [len(_table(profile, data)) - 1 for _name, data in files]
    assert counts == [3000, 1]


def test_a_batch_over_the_row_limit_downloads_as_a_zip(w, monkeypatch):
    monkeypatch.setattr(profiles.Lifelong2026, "row_limit", 4)
    batch = _batch(w)
    assert (batch.row_count, batch.file_count) == (8, 2)
    name, content_type, data = services.upload_batch_download(
        viewer=w.staff, batch=batch
    )
    assert content_type == "application/zip" and name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert [len(archive.read(n).splitlines()) for n in archive.namelist()] == [5, 5]


def test_nothing_to_upload_refuses_the_batch(w):
    with pytest.raises(ValidationError):
        services.upload_batch_create(
            viewer=w.staff, profile_key="lifelong@2026.1", year=2020
        )
    with pytest.raises(ValidationError):
        services.upload_batch_create(viewer=w.staff, profile_key="nope@1", year=2026)
    assert not UploadBatch.objects.exists()


# Accepted rows are not uploaded twice ---------------------------------------------


def _result(rows, header=("身分證字號", "課程代碼", "期別", "上傳結果", "錯誤訊息")):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp950")


def test_a_record_accepted_or_pending_is_not_uploaded_again_unless_asked(w):
    first = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    with pytest.raises(ValidationError):  # both still awaiting the portal
        _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    services.upload_result_import(
        viewer=w.hr.user, batch=first, filename="r.csv",
        content=_result([[w.ids["王小明"], "B00492", "2", "成功", ""],
                         [w.ids["李大同"], "B00492", "2", "失敗", "姓名不符"]]),
    )  # fmt: skip
    second = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    assert list(second.rows.values_list("person__name", flat=True)) == ["李大同"]
    skipped = [p for p in second.problems if p["name"] == "王小明"]
    assert skipped and f"#{first.pk}" in skipped[0]["message"]
    again = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk], reupload=True)
    assert again.row_count == 2


# The portal's result file -------------------------------------------------------------


def test_the_result_file_marks_rows_accepted_and_refused_with_the_message(w):
    batch = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    report = services.upload_result_import(
        viewer=w.hr.user, batch=batch, filename="result.csv",
        content=_result([[w.ids["王小明"], "B00492", "2", "成功", ""],
                         [w.ids["李大同"], "B00492", "2", "失敗", "課程類別代碼錯誤"],
                         [w.ids["陳美玲"], "B00492", "2", "成功", ""],
                         ["A100000001", "B99999", "1", "成功", ""]]),
    )  # fmt: skip
    assert (report.accepted, report.refused, report.unchanged) == (1, 1, 0)
    assert [u["line"] for u in report.unknown] == [4, 5]
    assert w.ids["陳美玲"] not in str(report.unknown)  # masked
    statuses = dict(batch.rows.values_list("person__name", "status"))
    assert statuses == {"王小明": RowStatus.ACCEPTED, "李大同": RowStatus.REFUSED}
    assert batch.rows.get(person__name="李大同").message == "課程類別代碼錯誤"
    batch.refresh_from_db()
    assert batch.result_filename == "result.csv" and batch.result_imported_at


def test_importing_the_same_result_again_changes_nothing(w):
    batch = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    content = _result([[w.ids["王小明"], "B00492", "2", "Y", ""],
                       [w.ids["李大同"], "B00492", "2", "N", "重複"]])  # fmt: skip
    services.upload_result_import(
        viewer=w.hr.user, batch=batch, filename="r.csv", content=content
    )
    before = list(batch.rows.values_list("pk", "status", "message", "updated_at"))
    report = services.upload_result_import(
        viewer=w.hr.user, batch=batch, filename="r.csv", content=content
    )
    assert (report.accepted, report.refused, report.unchanged) == (0, 0, 2)
    assert (
        list(batch.rows.values_list("pk", "status", "message", "updated_at")) == before
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02PK\x03\x04",
        "姓名,結果\r\n王小明,成功\r\n".encode("cp950"),  # no ID, code, term columns
        "身分證字號,課程代碼,期別,上傳結果\r\n".encode("cp950"),  # no rows
        None,  # one good line and one whose result is not understood
    ],
    ids=["empty", "binary", "columns", "no rows", "bad value"],
)
def test_a_malformed_result_file_changes_nothing(w, content):
    batch = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    if content is None:
        content = _result([[w.ids["王小明"], "B00492", "2", "成功", ""],
                           [w.ids["李大同"], "B00492", "2", "也許", ""]])  # fmt: skip
    with pytest.raises(ValidationError):
        services.upload_result_import(
            viewer=w.hr.user, batch=batch, filename="bad.csv", content=content
        )
    assert set(batch.rows.values_list("status", flat=True)) == {RowStatus.PENDING}
    batch.refresh_from_db()
    assert batch.result_imported_at is None


def test_a_utf8_result_file_with_a_bom_is_read_too(w):
    batch = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    content = (
        "\ufeff身分證字號,課程代碼,期別,處理結果,說明\r\n{},B00492,2,成功,\r\n".format(
            w.ids["王小明"]
        ).encode()
    )
    report = services.upload_result_import(
        viewer=w.hr.user, batch=batch, filename="r.csv", content=content
    )
    assert report.accepted == 1


def test_someone_moved_to_another_agency_is_left_to_their_hr_office(w):
    from portal.accounts.models import Person

    Person.objects.filter(pk=w.people["李大同"].pk).update(agency=w.agencies["edu"])
    batch = _batch(w, viewer=w.hr.user, session_ids=[w.s_classroom.pk])
    assert list(batch.rows.values_list("person__name", flat=True)) == ["王小明"]
    assert any(p["name"] == "李大同" for p in batch.problems)


def test_profiles_are_versioned_keys_in_a_registry():
    assert [p.key for p in profiles.CURRENT] == PROFILE_KEYS
    assert len(profiles.get("envedu@2026.1").headers) == 18
    assert profiles.hours_text(Decimal("1.5")) == "1.5"
    assert profiles.hours_text(Decimal("12.0")) == "12"


def test_a_viewer_without_agency_pages_gets_an_empty_preview(w):
    nobody = make_user("up_nobody")
    preview = selectors.upload_preview(
        viewer=nobody, profile=profiles.get("lifelong@2026.1"), year=2026
    )
    assert preview.lines == [] and preview.problems == []
