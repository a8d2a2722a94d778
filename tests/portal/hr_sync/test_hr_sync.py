"""The HR system's daily feed: creates, updates, transfers with history, leavers,
all-or-nothing, idempotent, fetched from a folder or a URL, reported to staff."""

import csv
import datetime
import io
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from portal.accounts import selectors
from portal.accounts.models import AgencyMembership, EmploymentStatus, Person
from portal.accounts.national_id import hash_id
from portal.accounts.roles import HR_OFFICERS, ORGANIZERS
from portal.enrolment import services as enrolment_services
from portal.enrolment.models import EnrolmentStatus
from portal.hr_sync import feed
from portal.hr_sync.models import HrSyncRun, RunOutcome
from portal.hr_sync.services import hr_sync_run
from tests.factories.catalog import make_course, make_session, make_site
from tests.factories.people import make_agencies, make_person, valid_national_id
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
HEADER = [
    "身分證字號",
    "姓名",
    "出生日期",
    "公務信箱",
    "辦公室電話",
    "機關代碼",
    "單位代碼",
    "人員代號",
    "職稱",
    "官職等",
    "主管級別",
    "現職狀態",
    "異動日期",
]


def feed_csv(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(number, name, agency="379130000A", unit="", status="在職", **extra):
    return [
        number,
        name,
        extra.get("birth", "69-05-19"),
        extra.get("email", ""),
        extra.get("phone", "02-27208889"),
        agency,
        unit,
        extra.get("employee", ""),
        extra.get("title", "科員"),
        extra.get("grade", "委任第五職等"),
        extra.get("supervisor", ""),
        status,
        extra.get("effective", ""),
    ]


@pytest.fixture
def world(settings):
    settings.HR_SYNC = {**settings.HR_SYNC, "REPORT_TO": ["hr-sync@example.test"]}
    agencies = make_agencies()
    staying = make_person("staying", agencies["it"], national_id=valid_national_id(11))
    mover = make_person("mover", agencies["it_unit"], national_id=valid_national_id(12))
    leaver = make_person("leaver", agencies["edu"], national_id=valid_national_id(13))
    hr_it = make_person(
        "hr_it",
        agencies["it"],
        HR_OFFICERS,
        hr_agency=agencies["it"],
        national_id=valid_national_id(21),
    )
    hr_edu = make_person(
        "hr_edu", agencies["edu"], HR_OFFICERS, hr_agency=agencies["edu"]
    )
    return {
        "agencies": agencies,
        "staying": staying,
        "mover": mover,
        "leaver": leaver,
        "hr_it": hr_it,
        "hr_edu": hr_edu,
    }


def good_feed(world):
    return feed_csv(
        [
            row(valid_national_id(11), world["staying"].name, title="專員"),
            row(
                valid_national_id(12),
                world["mover"].name,
                agency="379030000A",
                effective="115-11-20",
            ),
            row(
                valid_national_id(13), world["leaver"].name, "379030000A", status="退休"
            ),
            row(valid_national_id(14), "新進人員", unit="379130100A", employee="E14"),
        ]
    )


def run_feed(content, filename="feed.csv", **kwargs):
    return hr_sync_run(filename=filename, content=content, today=TODAY, **kwargs)


def test_a_feed_creates_updates_transfers_and_deactivates(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_feed(good_feed(world))

    assert run.outcome == RunOutcome.APPLIED, run.message
    assert run.counts["create"] == 1
    assert run.counts["update"] == 1
    assert run.counts["transfer"] == 1
    assert run.counts["leave"] == 1

    world["staying"].refresh_from_db()
    assert world["staying"].job_title == "專員"
    assert world["staying"].birth_date == datetime.date(1980, 5, 19)

    newcomer = Person.objects.get(national_id_hash=hash_id(valid_national_id(14)))
    assert newcomer.agency == world["agencies"]["it_unit"]
    assert newcomer.employee_number == "E14"
    assert newcomer.national_id_sealed  # kept encrypted for the portals' uploads
    assert newcomer.memberships.get().started_on == TODAY

    leaver = Person.objects.get(pk=world["leaver"].pk)
    assert leaver.employment_status == EmploymentStatus.RETIRED
    assert leaver.left_on == TODAY
    assert not leaver.user.is_active
    assert Person.objects.filter(pk=leaver.pk).exists()  # never deleted

    # The daily report reached staff, with the counts.
    report = [m for m in mail.outbox if "hr-sync@example.test" in m.to]
    assert report, [m.subject for m in mail.outbox]
    assert "調動 1" in report[0].subject or "transferred" in report[0].subject


def test_a_transfer_keeps_history_and_moves_hr_scope_from_its_date(world):
    _home, catalog = make_site()
    course = make_course(catalog)
    before = make_session(course, start=datetime.date(2026, 11, 10))
    after = make_session(course, start=datetime.date(2026, 12, 20))
    mover = world["mover"]
    early = enrolment_services.enrolment_register(
        session=before, trainee=mover.user, check_window=False
    )
    later = enrolment_services.enrolment_register(
        session=after, trainee=mover.user, check_window=False
    )

    run = run_feed(good_feed(world))
    assert run.outcome == RunOutcome.APPLIED, run.message

    mover.refresh_from_db()
    assert mover.agency == world["agencies"]["edu"]
    history = list(mover.memberships.order_by("started_on"))
    assert [(m.agency.code, m.ended_on) for m in history] == [
        ("379130100A", datetime.date(2026, 11, 19)),
        ("379030000A", None),
    ]
    assert history[1].started_on == datetime.date(2026, 11, 20)

    # The new agency's HR office sees the person; the old one no longer does.
    hr_it, hr_edu = world["hr_it"].user, world["hr_edu"].user
    assert selectors.person_list(viewer=hr_edu).filter(pk=mover.pk).exists()
    assert not selectors.person_list(viewer=hr_it).filter(pk=mover.pk).exists()
    # The class after the transfer date moves with the person; the one before stays.
    early.refresh_from_db()
    later.refresh_from_db()
    assert early.agency == world["agencies"]["it_unit"]
    assert later.agency == world["agencies"]["edu"]
    assert later.status == EnrolmentStatus.SELECTED


def test_a_leaver_gives_up_future_seats_and_keeps_past_records(world):
    _home, catalog = make_site()
    course = make_course(catalog)
    future = make_session(course, start=datetime.date(2027, 1, 5), capacity=1)
    leaver = world["leaver"]
    seat = enrolment_services.enrolment_register(
        session=future, trainee=leaver.user, check_window=False
    )
    waiting = enrolment_services.enrolment_register(
        session=future, trainee=world["staying"].user, check_window=False
    )
    assert waiting.status == EnrolmentStatus.WAITLISTED

    assert run_feed(good_feed(world)).outcome == RunOutcome.APPLIED

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == EnrolmentStatus.WITHDRAWN
    assert waiting.status == EnrolmentStatus.SELECTED


def test_one_bad_row_changes_nothing_and_alerts_staff(
    world, django_capture_on_commit_callbacks
):
    content = feed_csv(
        [
            row(valid_national_id(11), world["staying"].name, title="專員"),
            row(valid_national_id(12), world["mover"].name, agency="379030000A"),
            row(valid_national_id(13), world["leaver"].name, status="退休"),
            row(valid_national_id(14), "新進人員"),
            row("A123456788", "錯誤號碼"),  # wrong check digit
            row(valid_national_id(15), "不明機關", agency="999999999Z"),
            row(valid_national_id(16), "狀態不明", status="留職停薪?"),
        ]
    )
    people_before = Person.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        run = run_feed(content)

    assert run.outcome == RunOutcome.REFUSED
    assert [p["row"] for p in run.problems] == [6, 7, 8]
    assert all("A123456788" not in json.dumps(p) for p in run.problems)
    assert Person.objects.count() == people_before
    world["staying"].refresh_from_db()
    world["mover"].refresh_from_db()
    assert world["staying"].job_title != "專員"
    assert world["mover"].agency == world["agencies"]["it_unit"]
    assert Person.objects.get(pk=world["leaver"].pk).user.is_active
    alert = [m for m in mail.outbox if "hr-sync@example.test" in m.to]
    assert alert and "失敗" in alert[0].subject
    assert "999999999Z" in alert[0].body


def test_a_malformed_file_changes_nothing(world):
    people_before = Person.objects.count()
    run = run_feed(b"\x00\x01 not a feed", filename="feed.xlsx")
    assert run.outcome == RunOutcome.FAILED
    assert run.message
    run = run_feed(feed_csv([row(valid_national_id(14), "x")], header=["姓名"]))
    assert run.outcome == RunOutcome.FAILED
    assert "身分證字號" in run.message
    assert Person.objects.count() == people_before


def test_the_same_feed_twice_is_skipped_and_forced_changes_nothing(world):
    content = good_feed(world)
    assert run_feed(content).outcome == RunOutcome.APPLIED
    memberships = AgencyMembership.objects.count()

    assert run_feed(content).outcome == RunOutcome.SKIPPED
    forced = run_feed(content, force=True)
    assert forced.outcome == RunOutcome.APPLIED
    assert forced.counts["unchanged"] == 4
    assert AgencyMembership.objects.count() == memberships


def test_dry_run_plans_and_changes_nothing(world):
    run = run_feed(good_feed(world), dry_run=True)
    assert run.outcome == RunOutcome.DRY_RUN
    assert run.counts["transfer"] == 1
    world["mover"].refresh_from_db()
    assert world["mover"].agency == world["agencies"]["it_unit"]


def test_a_leaver_who_comes_back_is_reactivated(world):
    assert run_feed(good_feed(world)).outcome == RunOutcome.APPLIED
    back = feed_csv([row(valid_national_id(13), world["leaver"].name, "379030000A")])
    run = hr_sync_run(
        filename="back.csv", content=back, today=datetime.date(2027, 2, 1)
    )
    assert run.counts["rejoin"] == 1
    leaver = Person.objects.get(pk=world["leaver"].pk)
    assert leaver.user.is_active
    assert leaver.employment_status == EmploymentStatus.ACTIVE
    assert leaver.memberships.filter(ended_on__isnull=True).count() == 1


def test_an_account_closed_by_staff_is_not_reopened(world):
    user = world["staying"].user
    user.is_active = False
    user.save()
    assert run_feed(good_feed(world)).outcome == RunOutcome.APPLIED
    user.refresh_from_db()
    assert not user.is_active


def test_an_hr_officer_transferred_away_loses_the_office(world):
    hr = world["hr_it"]
    content = feed_csv([row(valid_national_id(21), hr.name, "379030000A")])
    assert run_feed(content).outcome == RunOutcome.APPLIED
    hr.refresh_from_db()
    assert hr.hr_agency is None
    hr.user.refresh_from_db()
    hr.user._civic_scopes = {}
    assert (
        not selectors.person_list(viewer=hr.user)
        .filter(pk=world["staying"].pk)
        .exists()
    )


def test_json_and_excel_feeds(world):
    data = {
        "people": [
            {
                "national_id": valid_national_id(14),
                "name": "新進人員",
                "agency_code": "379130000A",
                "birth_date": "1990-01-02",
                "status": "active",
            }
        ]
    }
    run = run_feed(json.dumps(data).encode(), filename="feed.json")
    assert run.outcome == RunOutcome.APPLIED, run.message
    person = Person.objects.get(national_id_hash=hash_id(valid_national_id(14)))
    assert person.birth_date == datetime.date(1990, 1, 2)

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row(valid_national_id(14), "新進人員", title="技士"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    run = run_feed(buffer.getvalue(), filename="feed.xlsx")
    assert run.outcome == RunOutcome.APPLIED, run.message
    person.refresh_from_db()
    assert person.job_title == "技士"


def test_big5_feed_is_read(world):
    content = feed_csv([row(valid_national_id(14), "陳大文")], encoding="cp950")
    run = run_feed(content)
    assert run.outcome == RunOutcome.APPLIED, run.message
    assert Person.objects.filter(name="陳大文").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-05-19", datetime.date(1980, 5, 19)),
        ("1980/05/19", datetime.date(1980, 5, 19)),
        ("19800519", datetime.date(1980, 5, 19)),
        ("69-05-19", datetime.date(1980, 5, 19)),
        ("115/05/19", datetime.date(2026, 5, 19)),
        ("0690519", datetime.date(1980, 5, 19)),
        ("1980-05-19T00:00:00", datetime.date(1980, 5, 19)),
    ],
)
def test_dates_in_the_feed(text, expected):
    assert feed.parse_date(text) == expected


def test_the_newest_file_of_the_folder_is_read(world, settings, tmp_path):
    old = tmp_path / "2026-11-30.csv"
    old.write_bytes(feed_csv([row(valid_national_id(14), "舊檔")]))
    os.utime(old, (1_700_000_000, 1_700_000_000))
    (tmp_path / "2026-12-01.csv").write_bytes(
        feed_csv([row(valid_national_id(14), "新檔")])
    )
    (tmp_path / "notes.txt").write_text("not a feed")
    settings.HR_SYNC = {**settings.HR_SYNC, "SOURCE": str(tmp_path)}

    call_command("hr_sync", verbosity=0)

    run = HrSyncRun.objects.get()
    assert run.filename == "2026-12-01.csv"
    assert Person.objects.filter(name="新檔").exists()
    assert not Person.objects.filter(name="舊檔").exists()


def test_a_missing_folder_or_a_refused_feed_fails_the_command(
    world, settings, tmp_path
):
    settings.HR_SYNC = {**settings.HR_SYNC, "SOURCE": str(tmp_path / "nowhere")}
    with pytest.raises(CommandError):
        call_command("hr_sync", verbosity=0)
    assert HrSyncRun.objects.get().outcome == RunOutcome.FAILED


def test_without_a_feed_configured_the_job_does_nothing(settings):
    settings.HR_SYNC = {**settings.HR_SYNC, "SOURCE": ""}
    call_command("hr_sync", verbosity=0)
    assert not HrSyncRun.objects.exists()


class _Feed(BaseHTTPRequestHandler):
    body = b""
    seen_auth = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        _Feed.seen_auth.append(self.headers.get("Authorization"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(_Feed.body)

    def log_message(self, *args):
        pass


def test_a_feed_is_fetched_from_a_url_with_the_token(world, settings):
    _Feed.body = json.dumps(
        [
            {
                "身分證字號": valid_national_id(14),
                "姓名": "網路來的",
                "機關代碼": "379130000A",
            }
        ]
    ).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hr/people"
        settings.HR_SYNC = {**settings.HR_SYNC, "SOURCE": url, "TOKEN": "s3cret"}
        run = hr_sync_run(today=TODAY)
    finally:
        server.shutdown()
    assert run.outcome == RunOutcome.APPLIED, run.message
    assert run.filename == "people.json"
    assert _Feed.seen_auth[-1] == "Bearer s3cret"
    assert Person.objects.filter(name="網路來的").exists()


def test_an_unreachable_url_is_a_failed_run(world, settings):
    settings.HR_SYNC = {
        **settings.HR_SYNC,
        "SOURCE": "http://127.0.0.1:9/feed.csv",
        "TIMEOUT": 2,
    }
    run = hr_sync_run(today=TODAY)
    assert run.outcome == RunOutcome.FAILED
    assert "could not be fetched" in run.message or "無法" in run.message


def test_runs_are_listed_for_staff_only(world, client):
    run = run_feed(good_feed(world))
    staff = make_user("sync_staff", ORGANIZERS)
    client.force_login(staff)
    index = client.get(reverse("hr_sync_runs:index"))
    assert index.status_code == 200
    assert client.get(reverse("hr_sync_runs:inspect", args=[run.pk])).status_code == 200
    client.force_login(world["hr_it"].user)
    response = client.get(reverse("hr_sync_runs:index"))
    assert response.status_code in (302, 403)


def test_the_scheduler_declares_the_daily_sync(settings):
    assert settings.PERIODIC_JOBS["hr_sync"]["command"] == "hr_sync"


def test_a_transfer_dated_ahead_waits_for_its_day(world):
    mover = world["mover"]
    content = feed_csv(
        [
            row(
                valid_national_id(12),
                mover.name,
                agency="379030000A",
                title="專員",
                effective="2027-01-01",
            )
        ]
    )
    run = run_feed(content)
    assert run.counts["later"] == 1
    mover.refresh_from_db()
    assert mover.agency == world["agencies"]["it_unit"]
    assert mover.job_title == "專員"

    run = hr_sync_run(
        filename="feed.csv", content=content, today=datetime.date(2027, 1, 1)
    )
    assert run.counts["transfer"] == 1
    mover.refresh_from_db()
    assert mover.agency == world["agencies"]["edu"]


def test_the_hr_page_of_a_transferred_person_shows_the_history(world, client):
    assert run_feed(good_feed(world)).outcome == RunOutcome.APPLIED
    client.force_login(world["hr_edu"].user)
    url = reverse("portal:person_detail", args=[world["mover"].pk])
    page = client.get(url).content.decode()
    assert "系統發展科" in page and "2026-11-19" in page
    assert "2026-11-20" in page
    client.force_login(world["hr_it"].user)
    assert client.get(url).status_code == 404
