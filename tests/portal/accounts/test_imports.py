"""Staff list imports: dry run row by row, all-or-nothing, idempotent, scoped."""

import csv
import hashlib
import io
import re

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from openpyxl import Workbook

from portal.accounts import imports, services
from portal.accounts.models import (
    ImportAudit,
    ImportAuditKind,
    ImportAuditOutcome,
    ImportBatch,
    Person,
)
from portal.accounts.national_id import check_digit, validate
from portal.accounts.roles import HR_OFFICERS, ORGANIZERS, TRAINEES, ensure_role_groups
from tests.factories.users import PASSWORD, make_user

HEADER = ["身分證字號", "姓名", "機關代碼", "人員代號", "職稱", "職等", "Email", "電話"]
UPLOAD_URL = "portal:import_upload"


def nid(serial: int, letter="A", sex="1") -> str:
    """A valid Taiwan national ID number: the check digit is computed."""
    body = f"{letter}{sex}{serial:07d}"
    return validate(body + check_digit(body))


def bad_checksum(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def staff_row(number, name, code, **extra):
    return [
        number,
        name,
        code,
        extra.get("employee_number", ""),
        extra.get("job_title", "科員"),
        extra.get("grade", ""),
        extra.get("email", ""),
        extra.get("phone", ""),
    ]


def plan(viewer, content, filename="staff.csv"):
    return imports.plan_file(viewer=viewer, filename=filename, content=content)


def fresh(user):
    """The user as a new request would see them (no cached scope)."""
    return get_user_model().objects.get(pk=user.pk)


def imported_counts():
    """(created, updated, unchanged) of the last import, as its audit entry holds."""
    counts = ImportAudit.objects.filter(kind=ImportAuditKind.IMPORT).latest("pk").counts
    return counts["created"], counts["updated"], counts["unchanged"]


def upload(client, content, filename="staff.csv"):
    return client.post(
        reverse(UPLOAD_URL), {"file": SimpleUploadedFile(filename, content)}
    )


def review_url(batch):
    return reverse("portal:import_review", args=[batch.pk])


def snapshot():
    people = list(Person.objects.order_by("pk").values())
    users = list(
        get_user_model()
        .objects.order_by("pk")
        .values("pk", "username", "email", "password", "is_active")
    )
    return people, users


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); URLs get the /en/ prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def agencies(db):
    city = services.agency_create(name="臺北市政府", code="379000000A")
    it = services.agency_create(name="資訊局", code="379130000A", parent=city)
    it_unit = services.agency_create(name="系統發展科", code="379130100A", parent=it)
    edu = services.agency_create(name="教育局", code="379030000A", parent=city)
    return {"city": city, "it": it, "it_unit": it_unit, "edu": edu}


@pytest.fixture
def staff(agencies):
    return make_user("organizer", ORGANIZERS)


@pytest.fixture
def hr(agencies):
    ensure_role_groups()
    person = services.person_create(
        username="hr-it",
        name="人事王",
        agency=agencies["it"],
        national_id_number=nid(9000001, "B", "2"),
        hr_agency=agencies["it"],
        roles=(HR_OFFICERS,),
        password=PASSWORD,
    )
    return person.user


def existing_person(agency, number, name="林小華", **fields):
    ensure_role_groups()
    return services.person_create(
        username=f"existing-{number}",
        name=name,
        agency=agency,
        national_id_number=number,
        roles=(TRAINEES,),
        **fields,
    )


# Reading the file --------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_review_names_the_row(client, staff):
    bad = bad_checksum(nid(2))
    content = csv_bytes(
        [
            staff_row(nid(1), "陳一", "379130000A"),
            staff_row(bad, "陳二", "379130000A"),
            staff_row(nid(3), "陳三", "379030000A"),
        ]
    )
    client.force_login(staff)
    response = upload(client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == review_url(batch)

    page = client.get(review_url(batch)).content.decode()
    assert 'role="alert"' in page
    assert "Row 3" in page
    assert "This national ID number is not valid (check digit)." in page
    assert bad not in page  # only the masked form is shown
    assert 'href="#row-3"' in page

    people_before = Person.objects.count()
    response = client.post(review_url(batch), follow=True)
    assert Person.objects.count() == people_before
    batch.refresh_from_db()
    assert batch.applied_at is None
    assert "Row 3" in response.content.decode()

    with pytest.raises(ValidationError):
        services.people_import(viewer=fresh(staff), plan=plan(fresh(staff), content))
    assert Person.objects.count() == people_before


def test_every_reason_of_a_refused_row_is_listed(staff):
    content = csv_bytes([staff_row(bad_checksum(nid(5)), "", "NOPE", email="x@")])
    (row,) = plan(staff, content).rows
    assert row.number == 2
    assert row.action == imports.Action.REFUSED
    text = " ".join(row.reasons)
    assert "check digit" in text
    assert "name is missing" in text
    assert "Unknown agency code “NOPE”" in text
    assert "not a valid e-mail address" in text
    assert len(row.reasons) == 4


def test_the_same_id_twice_in_a_file_refuses_both_rows(staff):
    number = nid(7)
    content = csv_bytes(
        [
            staff_row(number, "甲", "379130000A"),
            staff_row(nid(8), "乙", "379130000A"),
            # Written differently (lower case, full width) yet the same number.
            staff_row("ａ" + number[1:].lower(), "丙", "379130000A"),
        ]
    )
    rows = plan(staff, content).rows
    assert [r.action for r in rows] == ["refused", "create", "refused"]
    assert "also on row 4" in rows[0].reasons[0]
    assert "also on row 2" in rows[2].reasons[0]


def test_missing_required_header_is_one_file_level_error(client, staff):
    content = csv_bytes([[nid(1), "陳一"]], header=["身分證字號", "姓名"])
    with pytest.raises(ValidationError) as info:
        imports.read_rows(filename="staff.csv", content=content)
    missing = [(e.code, e.params["column"]) for e in info.value.error_list]
    assert missing == [("missing_column", "機關代碼")]

    client.force_login(staff)
    response = upload(client, content)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [(e.code, e.params["column"]) for e in errors] == missing
    assert not ImportBatch.objects.exists()


def _file_error_codes(response):
    return [e.code for e in response.context["form"].errors.as_data()["file"]]


def test_other_file_types_and_large_files_are_refused(client, staff):
    client.force_login(staff)
    response = upload(client, b"a,b\n", filename="staff.xls")
    assert _file_error_codes(response) == ["file_type"]
    big = csv_bytes([staff_row(nid(1), "陳一", "379130000A")]) + b" " * (
        imports.MAX_FILE_SIZE + 1
    )
    response = upload(client, big)
    assert _file_error_codes(response) == ["file_size"]
    assert not ImportBatch.objects.exists()


def test_xlsx_with_english_headers_and_numeric_cells_is_read(staff):
    content = xlsx_bytes(
        [[nid(11), "王大同", "379130000A", 12345, "科長", 9, "w@example.test"]],
        header=["National ID", "Name", "agency_code", "Employee number",
                "Job title", "Grade", "E-mail"],
    )  # fmt: skip
    result = plan(staff, content, filename="staff.xlsx")
    assert result.counts()["create"] == 1
    counts = services.people_import(viewer=staff, plan=result)
    assert counts == {"created": 1, "updated": 0, "unchanged": 0}
    person = Person.objects.get(name="王大同")
    assert person.employee_number == "12345"
    assert person.grade == "9"
    assert person.email == "w@example.test"
    assert person.user.groups.filter(name=TRAINEES).exists()
    assert not person.user.has_usable_password()
    # A random user name: nothing of the ID number or its hash shows in it.
    assert person.user.username.startswith("p") and len(person.user.username) == 13
    assert person.user.username[1:] not in person.national_id_hash


def test_big5_csv_is_read(client, staff, agencies):
    content = csv_bytes(
        [staff_row(nid(21), "黃淑芬", "379130000A", job_title="專員")],
        encoding="cp950",
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    client.force_login(staff)
    batch_url = upload(client, content, filename="名單.csv").url
    page = client.get(batch_url).content.decode()
    assert "黃淑芬" in page
    client.post(batch_url)
    person = Person.objects.get(national_id_masked=imports.national_id.mask(nid(21)))
    assert (person.name, person.job_title, person.agency) == (
        "黃淑芬",
        "專員",
        agencies["it"],
    )


# Applying --------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(client, staff, agencies):
    content = csv_bytes(
        [
            staff_row(nid(31), "甲", "379130000A", email="a@example.test"),
            staff_row(nid(32), "乙", "379130100A", employee_number="E2"),
            staff_row(nid(33), "丙", "379030000A", phone="02-1234-5678"),
        ]
    )
    client.force_login(staff)
    first = ImportBatch.objects.get(pk=upload(client, content).url.split("/")[-2])
    client.post(review_url(first), follow=True)
    assert imported_counts() == (3, 0, 0)
    before = snapshot()

    second_url = upload(client, content).url
    page = client.get(second_url).content.decode()
    assert page.count(">Unchanged</span>") == 3
    client.post(second_url, follow=True)
    assert imported_counts() == (0, 0, 3)
    assert snapshot() == before

    again = plan(fresh(staff), content)
    assert services.people_import(viewer=fresh(staff), plan=again) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
    }
    assert snapshot() == before


def test_changed_fields_are_listed_and_updated(staff, agencies):
    person = existing_person(agencies["it"], nid(41), job_title="科員", grade="7")
    content = csv_bytes(
        # Empty cells (grade) leave values as they are.
        [staff_row(nid(41), "林小華", "379130100A", job_title="股長")]
    )
    (row,) = plan(staff, content).rows
    assert row.action == imports.Action.UPDATE
    assert sorted(row.changed) == ["agency", "job_title"]
    assert services.people_import(viewer=staff, plan=plan(fresh(staff), content)) == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
    }
    person.refresh_from_db()
    assert (person.job_title, person.grade, person.agency) == (
        "股長",
        "7",
        agencies["it_unit"],
    )


def test_an_applied_batch_cannot_be_applied_again(client, staff):
    content = csv_bytes([staff_row(nid(51), "甲", "379130000A")])
    client.force_login(staff)
    batch_url = upload(client, content).url
    client.post(batch_url)
    response = client.post(batch_url, follow=True)
    levels = [m.level for m in response.context["messages"]]
    assert levels == [messages.SUCCESS, messages.ERROR]  # imported, then refused
    assert Person.objects.filter(name="甲").count() == 1
    batch = ImportBatch.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.import_batch_apply(viewer=fresh(staff), batch=batch)
    assert refused.value.code == "applied"


# Scope -----------------------------------------------------------------------


def test_hr_officer_cannot_import_into_another_agency(client, hr, agencies):
    content = csv_bytes(
        [
            staff_row(nid(61), "本局", "379130100A"),  # in the officer's subtree
            staff_row(nid(62), "他局", "379030000A"),
        ]
    )
    rows = plan(fresh(hr), content).rows
    assert [r.action for r in rows] == ["create", "refused"]
    assert rows[1].reasons == ["The agency “379030000A” is not one you manage."]

    client.force_login(hr)
    batch_url = upload(client, content).url
    client.post(batch_url)
    assert not Person.objects.filter(name__in=["本局", "他局"]).exists()


def _public(row):
    """What the importer is shown of a planned row."""
    return (row.action, row.reasons, row.changed, row.action_label)


def test_dry_run_answers_alike_for_a_number_elsewhere_and_an_unknown_one(
    client, hr, agencies
):
    existing_person(agencies["edu"], nid(71), name="秘密人物", job_title="督學")
    elsewhere = csv_bytes([staff_row(nid(71), "新人", "379130000A")])
    unknown = csv_bytes([staff_row(nid(72), "新人", "379130000A")])
    (held,) = plan(fresh(hr), elsewhere).rows
    (new,) = plan(fresh(hr), unknown).rows
    assert _public(held) == _public(new) == ("create", [], [], "Create")
    assert held.person is None and held.held and not new.held
    assert plan(fresh(hr), elsewhere).counts() == plan(fresh(hr), unknown).counts()

    client.force_login(hr)
    pages = []
    for content, number in ((elsewhere, nid(71)), (unknown, nid(72))):
        batch = ImportBatch.objects.get(pk=upload(client, content).url.split("/")[-2])
        page = client.get(review_url(batch)).content.decode()
        # The same page but for the masked number, the batch, its time and tokens.
        page = page.replace(imports.national_id.mask(number), "MASK")
        page = page.replace(f"/import/{batch.pk}/", "/import/ID/")
        page = page.replace(
            date_format(localtime(batch.created_at), "Y-m-d H:i"), "TIME"
        )
        page = re.sub(r'(value|nonce|content)="[A-Za-z0-9+/=_-]{20,}"', "TOKEN", page)
        pages.append((page, batch))
    assert "秘密人物" not in pages[0][0] and "教育局" not in pages[0][0]
    assert pages[0][0].count(">Create</span>") == 1
    assert pages[0][0] == pages[1][0]
    assert pages[0][1].summary == pages[1][1].summary


def test_an_import_keeps_a_number_held_elsewhere_apart_without_telling(
    client, hr, agencies
):
    other = existing_person(agencies["edu"], nid(73), name="秘密人物", job_title="督學")
    before = Person.objects.filter(pk=other.pk).values().get()
    content = csv_bytes(
        [
            staff_row(nid(73), "改名", "379130000A", job_title="科員"),
            staff_row(nid(74), "新人", "379130000A"),
        ]
    )
    client.force_login(hr)
    batch_url = upload(client, content).url
    client.post(batch_url, follow=True)
    assert imported_counts() == (2, 0, 0)

    # The other agency's record is untouched ...
    assert Person.objects.filter(pk=other.pk).values().get() == before
    # ... and the importer's new record has the number only as a claim for staff.
    kept_apart = Person.objects.get(name="改名")
    assert kept_apart.agency == agencies["it"]
    assert kept_apart.national_id_hash is None
    assert kept_apart.national_id_claim == other.national_id_hash
    assert kept_apart.national_id_masked == imports.national_id.mask(nid(73))
    plain = Person.objects.get(name="新人")
    assert plain.national_id_hash and not plain.national_id_claim
    (audit,) = ImportAudit.objects.filter(kind=ImportAuditKind.IMPORT)
    assert audit.counts == {"created": 2, "updated": 0, "unchanged": 0, "held": 1}

    # Uploading it again finds both as the officer's own people.
    again = plan(fresh(hr), content)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]


def test_a_number_taken_between_dry_run_and_import_is_kept_apart(client, hr, agencies):
    content = csv_bytes([staff_row(nid(75), "新人", "379130000A")])
    client.force_login(hr)
    batch_url = upload(client, content).url
    other = existing_person(agencies["edu"], nid(75), name="他局")
    client.post(batch_url, follow=True)
    assert imported_counts() == (1, 0, 0)
    assert Person.objects.get(name="新人").national_id_claim == other.national_id_hash


def test_hr_officer_cannot_touch_a_person_of_another_agency(client, hr, agencies):
    other = existing_person(agencies["edu"], nid(71), name="秘密人物", job_title="督學")
    content = csv_bytes([staff_row(nid(71), "改名", "379130000A")])
    (row,) = plan(fresh(hr), content).rows
    assert row.person is None
    assert row.action == imports.Action.CREATE

    client.force_login(hr)
    page = client.get(upload(client, content).url).content.decode()
    for secret in ("秘密人物", "督學", "教育局", "another agency"):
        assert secret not in page
    other.refresh_from_db()
    assert (other.name, other.agency) == ("秘密人物", agencies["edu"])


def test_hr_officer_cannot_see_another_users_batch(client, hr, staff):
    content = csv_bytes([staff_row(nid(81), "甲", "379130000A")])
    batch = services.import_batch_create(
        uploaded_by=staff, filename="staff.csv", content=content
    )
    client.force_login(hr)
    assert client.get(review_url(batch)).status_code == 404
    assert client.post(review_url(batch)).status_code == 404
    assert batch.filename not in client.get(reverse(UPLOAD_URL)).content.decode()
    assert not Person.objects.filter(name="甲").exists()


def test_anonymous_and_trainees_cannot_use_the_import_pages(client, staff):
    batch = services.import_batch_create(
        uploaded_by=staff,
        filename="staff.csv",
        content=csv_bytes([staff_row(nid(91), "甲", "379130000A")]),
    )
    urls = [reverse(UPLOAD_URL), review_url(batch)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url
    client.force_login(make_user("trainee", TRAINEES))
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


# Privacy and cost ------------------------------------------------------------


def _table_values(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return [value for row in cursor.fetchall() for value in row]


def test_clear_id_numbers_are_never_stored(client, staff):
    numbers = [nid(101), nid(102, "F", "2")]
    content = csv_bytes(
        [staff_row(n, f"人{i}", "379130000A") for i, n in enumerate(numbers)]
    )
    client.force_login(staff)
    batch_url = upload(client, content).url
    batch = ImportBatch.objects.get()
    page = client.get(batch_url).content.decode()
    waiting = " ".join(str(v) for v in _table_values(ImportBatch._meta.db_table))
    for number in numbers:
        assert number not in str(batch.summary)
        assert number not in page
        # Between the dry run and the import only the hash and the mask are kept.
        assert number not in waiting and number[1:] not in waiting
        assert imports.national_id.mask(number) in waiting
    client.post(batch_url)

    batch.refresh_from_db()
    assert batch.applied_at is not None
    assert batch.rows == []  # the kept rows are dropped once imported
    stored = [
        *_table_values(Person._meta.db_table),
        *_table_values(get_user_model()._meta.db_table),
        *_table_values(ImportBatch._meta.db_table),
    ]
    haystack = " ".join(
        v.decode("utf-8", "replace") if isinstance(v, bytes | memoryview) else str(v)
        for v in (bytes(v) if isinstance(v, memoryview) else v for v in stored)
    )
    assert Person.objects.filter(national_id_hash__isnull=False).count() == 2
    for number in numbers:
        assert number not in haystack
        assert imports.national_id.mask(number) in haystack


@pytest.mark.slow
def test_dry_run_does_a_constant_number_of_queries(staff, agencies):
    for i in range(0, 50, 2):  # every other row is somebody already known
        existing_person(agencies["it"], nid(200 + i), name=f"舊{i}")

    def rows(count):
        codes = ["379130000A", "379130100A", "379030000A", "UNKNOWN"]
        return csv_bytes(
            [
                staff_row(nid(200 + i), f"人{i}", codes[i % len(codes)])
                for i in range(count)
            ]
        )

    counts = []
    for size in (5, 50):
        content = rows(size)
        viewer = fresh(staff)
        with CaptureQueriesContext(connection) as queries:
            result = plan(viewer, content)
        assert len(result.rows) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 8


# Throttling and the audit log --------------------------------------------------


def test_uploads_and_imports_are_limited_per_user_and_hour(client, hr, staff, settings):
    settings.STAFF_IMPORTS_PER_HOUR = 3
    content = csv_bytes([staff_row(nid(301), "甲", "379130000A")])
    client.force_login(hr)
    first = upload(client, content)
    upload(client, content)
    assert client.post(first.url).status_code == 302  # the third turn: an import
    response = upload(client, content)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [
        "throttled"
    ]
    assert ImportBatch.objects.filter(uploaded_by=hr).count() == 2
    with pytest.raises(ValidationError) as refused:
        services.import_batch_create(
            uploaded_by=fresh(hr), filename="staff.csv", content=content
        )
    assert refused.value.code == "throttled"
    outcomes = list(
        ImportAudit.objects.filter(user=hr)
        .order_by("pk")
        .values_list("kind", "outcome")
    )
    assert outcomes == [
        (ImportAuditKind.DRY_RUN, ImportAuditOutcome.DONE),
        (ImportAuditKind.DRY_RUN, ImportAuditOutcome.DONE),
        (ImportAuditKind.IMPORT, ImportAuditOutcome.DONE),
        (ImportAuditKind.DRY_RUN, ImportAuditOutcome.THROTTLED),
        (ImportAuditKind.DRY_RUN, ImportAuditOutcome.THROTTLED),
    ]
    # Another user has turns of their own.
    client.force_login(staff)
    assert upload(client, content).status_code == 302


def test_every_upload_and_import_is_logged(client, hr, agencies):
    existing_person(agencies["edu"], nid(311), name="他局")
    content = csv_bytes(
        [
            staff_row(nid(311), "甲", "379130000A"),
            staff_row(nid(312), "乙", "379130000A"),
        ]
    )
    client.force_login(hr)
    batch_url = upload(client, content, filename="人員.csv").url
    client.post(batch_url)
    upload(client, b"not,a,staff,list\r\n", filename="bad.csv")

    dry_run, applied, refused = ImportAudit.objects.order_by("pk")
    digest = hashlib.sha256(content).hexdigest()
    for entry in (dry_run, applied):
        assert (entry.user, entry.username, entry.agency) == (
            hr,
            "hr-it",
            agencies["it"],
        )
        assert (entry.filename, entry.file_sha256, entry.rows) == (
            "人員.csv",
            digest,
            2,
        )
        assert entry.batch_id == dry_run.batch_id
    assert dry_run.kind == ImportAuditKind.DRY_RUN
    assert dry_run.counts == {
        "create": 2,
        "update": 0,
        "unchanged": 0,
        "refused": 0,
        "held": 1,
    }
    assert applied.kind == ImportAuditKind.IMPORT
    assert applied.counts == {"created": 2, "updated": 0, "unchanged": 0, "held": 1}
    assert (refused.outcome, refused.filename, refused.rows) == (
        ImportAuditOutcome.REFUSED,
        "bad.csv",
        0,
    )
    # The log holds no ID number, clear or masked.
    for entry in (dry_run, applied):
        assert nid(311) not in str(entry.counts)


def test_import_log_is_listed_read_only_for_staff_only(client, hr, agencies):
    content = csv_bytes([staff_row(nid(321), "甲", "379130000A")])
    services.import_batch_create(
        uploaded_by=fresh(hr), filename="secret-list.csv", content=content
    )
    entry = ImportAudit.objects.get()
    index = reverse("import_audit:index")
    inspect = reverse("import_audit:inspect", args=[entry.pk])

    client.force_login(hr)
    for url in (index, inspect):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert "secret-list.csv" not in response.content.decode()

    admin = make_user("admin-staff", ORGANIZERS)
    admin.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(admin)
    assert "secret-list.csv" in client.get(index).content.decode()
    assert "secret-list.csv" in client.get(inspect).content.decode()
    # Nobody adds, edits or deletes a log entry.
    for name, args in (("add", []), ("edit", [entry.pk]), ("delete", [entry.pk])):
        try:
            url = reverse(f"import_audit:{name}", args=args)
        except NoReverseMatch:
            continue
        assert client.get(url).status_code != 200
        client.post(url, {"filename": "changed"})
    entry.refresh_from_db()
    assert entry.filename == "secret-list.csv"
