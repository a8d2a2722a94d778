"""CSV imports of e-learning completions: dry run then apply, matching rules,
unknown rows reported, idempotent, and a malformed file changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.elearning import services
from portal.elearning.models import CompletionImport, ImportStatus, Source
from portal.records.models import StudyHours, TrainingRecord
from tests.factories.catalog import make_session
from tests.factories.elearning import csv_bytes, make_elearning_world, selected, stamp
from tests.factories.people import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(catalog):
    return make_elearning_world(catalog)


def _record(enrolment):
    return TrainingRecord.objects.filter(enrolment=enrolment).first()


def _import(content, *, apply=True, name="completions.csv", actor=None):
    return services.csv_import(
        actor=actor, file_name=name, content=content, apply=apply
    )


def test_the_dry_run_changes_nothing_and_applying_records_the_online_parts(w):
    content = csv_bytes(
        ("77", "el_alice", "", "", stamp(2)),  # by username
        ("ONL-2", "", "E1002", "", stamp(1, 15)),  # by employee number
    )
    batch = _import(content, apply=False, actor=w.organizer)
    assert batch.status == ImportStatus.PLANNED
    assert (batch.total, batch.recorded, batch.unchanged, batch.skipped) == (2, 2, 0, 0)
    assert batch.source == Source.CSV and batch.created_by == w.organizer
    assert len(batch.file_sha256) == 64
    assert not TrainingRecord.objects.exists()

    batch = services.completion_import_apply(batch=batch, actor=w.organizer)
    assert batch.status == ImportStatus.APPLIED and batch.applied_by == w.organizer
    alice = _record(w.alice_blended)
    day = timezone.localdate() - datetime.timedelta(days=2)
    assert timezone.localtime(alice.online_completed_at).date() == day
    assert alice.hours == Decimal("3")  # the online part, no classroom hours yet
    bob = _record(w.bob_online)
    assert bob.completed and bob.attendance == "attended"
    assert bob.hours == Decimal("2")
    assert StudyHours.objects.get(
        user=w.bob.user, year=w.online.start_date.year
    ).hours == Decimal("2")


def test_an_applied_import_cannot_be_applied_again(w):
    batch = _import(csv_bytes(("77", "el_alice", "", "", stamp())))
    with pytest.raises(ValidationError) as refused:
        services.completion_import_apply(batch=batch)
    assert refused.value.code == "not_planned"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(w):
    content = csv_bytes(
        ("77", "el_alice", "", "", stamp(2)),
        ("77", "", "", "BOB@example.test", stamp(1)),  # e-mail, any case
    )
    first = _import(content)
    assert first.recorded == 2
    before = {r.pk: (r.online_completed_at, r.hours, r.updated_at)
              for r in TrainingRecord.objects.all()}  # fmt: skip
    second = _import(content)
    assert (second.recorded, second.unchanged, second.skipped) == (0, 2, 0)
    after = {r.pk: (r.online_completed_at, r.hours, r.updated_at)
             for r in TrainingRecord.objects.all()}  # fmt: skip
    assert after == before


def test_unknown_people_courses_and_enrolments_are_reported_and_the_rest_recorded(w):
    now = timezone.now()
    stranger_session = make_session(
        w.blended_course, code="E00009", term=2,
        start=w.today + datetime.timedelta(days=200),
        registration_opens=now + datetime.timedelta(days=100),
        registration_closes=now + datetime.timedelta(days=150),
    )  # fmt: skip
    selected(stranger_session, w.carol)
    content = csv_bytes(
        ("77", "el_alice", "", "", stamp()),
        ("999", "el_alice", "", "", stamp()),  # no such course
        ("77", "nobody", "", "", stamp()),  # no such person
        ("77", "el_carol", "", "", stamp()),  # her session is far in the future
        ("ONL-2", "el_carol", "", "", stamp()),  # not in the online session
    )
    batch = _import(content)
    assert batch.status == ImportStatus.APPLIED
    assert (batch.total, batch.recorded, batch.skipped) == (5, 1, 4)
    assert {(p["row"], p["code"]) for p in batch.problems} == {
        (3, "unknown_course"),
        (4, "unknown_person"),
        (5, "outside_dates"),
        (6, "no_enrolment"),
    }
    assert all(p["message"] for p in batch.problems)
    assert _record(w.alice_blended).online_completed_at is not None


def test_every_identifier_given_must_name_the_same_person(w):
    make_person("el_dave", w.agencies["it"], email="shared@example.test")
    make_person("el_erin", w.agencies["it"], email="shared@example.test")
    content = csv_bytes(
        ("77", "el_alice", "E1002", "", stamp()),  # alice's username, bob's number
        ("77", "", "", "shared@example.test", stamp()),  # two people
        ("77", "el_bob", "", "shared@example.test", stamp()),  # the username decides
    )
    batch = _import(content)
    assert {(p["row"], p["code"]) for p in batch.problems} == {
        (2, "conflicting_person"),
        (3, "ambiguous_person"),
    }
    assert batch.recorded == 1
    assert _record(w.bob_blended).online_completed_at is not None
    assert _record(w.alice_blended) is None


def test_a_session_code_names_the_course_and_of_several_sessions_the_nearest_ending_one_counts(
    w,
):
    later = make_session(
        w.blended_course, code="E00003", start=w.today + datetime.timedelta(days=20),
        registration_opens=timezone.now() - datetime.timedelta(days=30),
    )  # fmt: skip
    alice_later = selected(later, w.alice)
    # Finished before the first session ended: that session's online part.
    _import(csv_bytes(("77", "el_alice", "", "", stamp(5))))
    assert _record(w.alice_blended).online_completed_at is not None
    assert _record(alice_later) is None
    # Finished today, after the first ended: the later session's.
    batch = _import(csv_bytes(("E00003", "el_alice", "", "", stamp(0, 0))))
    assert batch.recorded == 1
    assert _record(alice_later).online_completed_at is not None


def test_the_same_enrolment_twice_in_a_file_is_recorded_once_at_the_earliest_time(w):
    batch = _import(
        csv_bytes(
            ("77", "el_alice", "", "", stamp(1)),
            ("77", "", "E1001", "", stamp(3)),
        )
    )
    assert (batch.recorded, batch.unchanged) == (1, 1)
    day = timezone.localdate() - datetime.timedelta(days=3)
    assert (
        timezone.localtime(_record(w.alice_blended).online_completed_at).date() == day
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        # One good row and one whose time cannot be read: the whole file is refused.
        (
            csv_bytes(
                ("77", "el_alice", "", "", stamp()), ("77", "el_bob", "", "", "昨天")
            ),
            "a.csv",
        ),
        # A row without anybody.
        (
            csv_bytes(("77", "el_alice", "", "", stamp()), ("77", "", "", "", stamp())),
            "b.csv",
        ),
        # The time column is missing.
        (csv_bytes(("77", "el_alice"), header=("課程代碼", "帳號")), "c.csv"),
        # No column names a person.
        (csv_bytes(("77", stamp()), header=("課程代碼", "完成時間")), "d.csv"),
        # Neither UTF-8 nor Big5.
        (b"\x81\x30\xff\xfe\x00garbage\xff", "e.csv"),
        # Not a CSV or Excel file.
        (csv_bytes(("77", "el_alice", "", "", stamp())), "f.txt"),
    ],
    ids=[
        "bad-time",
        "no-person",
        "missing-column",
        "no-person-column",
        "encoding",
        "type",
    ],
)
def test_a_malformed_file_changes_nothing(w, content, name):
    with pytest.raises(ValidationError):
        _import(content, name=name)
    assert not TrainingRecord.objects.exists()
    batch = CompletionImport.objects.get()
    assert batch.status == ImportStatus.REFUSED and batch.error


def test_a_big5_file_with_chinese_headers_is_read(w):
    content = csv_bytes(
        ("77", "el_alice", "E1001", "alice@example.test", stamp()),
        header=("課程編號", "帳號", "員工編號", "電子郵件", "完成日期"),
        encoding="cp950",
    )
    assert _import(content).recorded == 1


def test_the_command_dry_runs_then_applies(w, tmp_path, capsys):
    path = tmp_path / "done.csv"
    path.write_bytes(
        csv_bytes(("77", "el_alice", "", "", stamp()), ("77", "x", "", "", stamp()))
    )
    call_command("elearning_import", str(path))
    out = capsys.readouterr().out
    assert "Dry run" in out and "not matched 1" in out
    assert not TrainingRecord.objects.exists()
    call_command("elearning_import", str(path), "--apply")
    assert _record(w.alice_blended).online_completed_at is not None
    assert CompletionImport.objects.filter(status=ImportStatus.APPLIED).count() == 1


def test_the_command_refuses_a_malformed_file_and_a_missing_one(w, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"nothing,useful\r\n1,2\r\n")
    with pytest.raises(CommandError):
        call_command("elearning_import", str(path), "--apply")
    with pytest.raises(CommandError):
        call_command("elearning_import", str(tmp_path / "missing.csv"))
    assert not TrainingRecord.objects.exists()
