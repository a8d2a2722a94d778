"""The volunteer's phone pages and the coordinator's: sign up, cancel, clock in
by the post's code, ask for a late clock-in, hours and their certificate, the
coverage page with its Excel file, planning a month, and who may open what."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.volunteers import services
from portal.volunteers.models import (
    ClockRequest,
    Duty,
    Post,
    Shift,
    ShiftMonth,
    Signup,
    SignupStatus,
)
from tests.factories.users import make_user
from tests.factories.volunteers import (
    make_coordinator,
    make_month,
    make_shift,
    make_volunteer,
)

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def test_a_volunteer_signs_up_on_the_phone_and_cancels(client):
    volunteer = make_volunteer("vol_page", name="林志工")
    shift = make_shift(needed=1)
    client.force_login(volunteer.user)

    page = client.get(reverse("volunteers:home")).content.decode()
    assert shift.duty.name not in page  # next week's
    page = client.get(
        reverse("volunteers:home") + f"?week={shift.date}"
    ).content.decode()
    assert shift.duty.name in page
    assert reverse("volunteers:signup", args=[shift.pk]) in page

    response = client.post(reverse("volunteers:signup", args=[shift.pk]), follow=True)
    place = Signup.objects.get(shift=shift, volunteer=volunteer)
    assert place.status == SignupStatus.CONFIRMED
    assert (
        "已報名" in response.content.decode()
        or "signed up" in response.content.decode()
    )

    page = client.get(reverse("volunteers:home")).content.decode()
    assert reverse("volunteers:cancel", args=[place.pk]) in page
    client.post(reverse("volunteers:cancel", args=[place.pk]))
    place.refresh_from_db()
    assert place.status == SignupStatus.CANCELLED


def test_a_refused_sign_up_says_why(client):
    volunteer = make_volunteer()
    day = timezone.localdate() + datetime.timedelta(days=8)
    client.force_login(volunteer.user)
    client.post(reverse("volunteers:signup", args=[make_shift(day).pk]))
    clash = make_shift(day, start=(10, 0), end=(11, 0))
    response = client.post(reverse("volunteers:signup", args=[clash.pk]), follow=True)
    assert (
        "同一時段" in response.content.decode()
        or "at that time" in response.content.decode()
    )
    assert not Signup.objects.filter(shift=clash).exists()


def test_clocking_in_by_the_posts_code(client):
    day = timezone.localdate()
    post = Post.objects.create(name="一樓服務台")
    shift = make_shift(day, post=post, start=(0, 0), end=(23, 59))
    volunteer = make_volunteer()
    services.signup_create(
        shift=shift,
        volunteer=volunteer,
        actor=make_coordinator(),
        now=at(day, 0) - datetime.timedelta(hours=1),
    )
    token = services.post_token(post=post)
    client.force_login(volunteer.user)
    url = reverse("volunteers:clock", args=[token])
    assert "一樓服務台" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert Signup.objects.get(shift=shift).clock_in is not None

    forged = client.post(reverse("volunteers:clock", args=[token[:-3] + "abc"]))
    assert forged.status_code == 400


def test_a_late_request_keeps_what_was_typed_on_error(client):
    day = timezone.localdate() - datetime.timedelta(days=1)
    month = make_month(day)
    shift = make_shift(day, month=month)
    volunteer = make_volunteer()
    place = Signup.objects.create(
        shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED
    )
    client.force_login(volunteer.user)
    url = reverse("volunteers:late", args=[place.pk])
    response = client.post(
        url, {"clock_in": "12:00", "clock_out": "09:00", "reason": "手機沒電"}
    )
    assert response.status_code == 200
    assert 'value="手機沒電"' in response.content.decode()
    assert not ClockRequest.objects.exists()
    response = client.post(
        url, {"clock_in": "09:00", "clock_out": "12:00", "reason": "手機沒電"}
    )
    assert response.status_code == 302
    assert ClockRequest.objects.get().reason == "手機沒電"


def test_hours_page_and_certificate(client):
    day = timezone.localdate()
    shift = make_shift(day, start=(9, 0), end=(12, 0))
    volunteer = make_volunteer(name="陳志工")
    place = Signup.objects.create(
        shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED
    )
    services.clock_mark(
        signup=place,
        actor=make_coordinator(),
        reason="現場登記",
        clock_in=at(day, 9),
        clock_out=at(day, 11, 30),
    )
    client.force_login(volunteer.user)
    page = client.get(reverse("volunteers:hours")).content.decode()
    assert "2.5" in page
    response = client.get(reverse("volunteers:certificate", args=[day.year]))
    assert response["Content-Type"] == "application/pdf"
    text = re.sub(
        r"\s+", "", PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    )
    assert "陳志工" in text and "2.5" in text

    client.post(reverse("volunteers:hours"), {"text": "學到很多"})
    assert volunteer.appraisals.get().self_evaluation == "學到很多"


def test_coverage_page_and_excel_for_the_coordinator(client):
    day = timezone.localdate() + datetime.timedelta(days=3)
    shift = make_shift(day, needed=3)
    services.signup_create(
        shift=shift, volunteer=make_volunteer(name="王志工"), actor=make_coordinator()
    )
    client.force_login(make_coordinator("coord_page"))
    url = reverse("volunteers:coverage") + f"?month={day:%Y-%m}"
    page = client.get(url).content.decode()
    assert shift.duty.name in page and "王志工" in page
    response = client.get(url + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    shift_row = next(r for r in rows if r[3] == shift.duty.name)
    assert shift_row[5:8] == (3, 1, 2)


def test_the_coordinator_plans_and_publishes_a_month(client):
    coordinator = make_coordinator("planner")
    client.force_login(coordinator)
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(
        day=1
    )
    url = reverse("volunteers:plan") + f"?month={month:%Y-%m}"
    response = client.post(
        url,
        {
            "action": "window",
            "signup_opens_at": f"{timezone.localdate():%Y-%m-%d}T09:00",
            "signup_closes_at": f"{month:%Y-%m}-01T09:00",
        },
    )
    assert response.status_code == 302
    duty = Duty.objects.create(name="教室協助")
    post = Post.objects.create(name="教室A")
    response = client.post(
        url,
        {
            "action": "shift",
            "duty": duty.pk,
            "post": post.pk,
            "date": f"{month:%Y-%m}-02",
            "period": "morning",
            "starts_at": "09:00",
            "ends_at": "12:00",
            "needed": 2,
            "repeat_until": f"{month:%Y-%m}-25",
        },
    )
    assert response.status_code == 302
    assert Shift.objects.count() == 4
    client.post(url, {"action": "publish"})
    assert ShiftMonth.objects.get(month=month).published_at is not None

    bad = client.post(
        url,
        {
            "action": "shift",
            "duty": duty.pk,
            "post": post.pk,
            "date": f"{month:%Y-%m}-03",
            "period": "morning",
            "starts_at": "12:00",
            "ends_at": "09:00",
            "needed": 2,
        },
    )
    assert bad.status_code == 200
    assert Shift.objects.count() == 4


@pytest.mark.parametrize(
    "name",
    ["volunteers:home", "volunteers:hours", "volunteers:coverage", "volunteers:plan"],
)
def test_pages_are_not_for_everyone(client, name):
    client.force_login(make_user("plain_trainee"))
    assert client.get(reverse(name)).status_code == 404
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_a_volunteer_cannot_cancel_anothers_place(client):
    shift = make_shift()
    other = make_volunteer()
    place = services.signup_create(shift=shift, volunteer=other, actor=other.user)
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    assert client.post(reverse("volunteers:cancel", args=[place.pk])).status_code == 404
    place.refresh_from_db()
    assert place.status == SignupStatus.CONFIRMED


def test_post_screen_serves_a_rotating_code_to_coordinators_only(client):
    post = Post.objects.create(name="大門")
    client.force_login(make_volunteer().user)
    assert client.get(reverse("volunteers:post_qr", args=[post.pk])).status_code == 404
    client.force_login(make_coordinator())
    data = client.get(reverse("volunteers:post_qr", args=[post.pk])).json()
    assert "<svg" in data["svg"] and "/volunteer/clock/" in data["url"]
    assert client.get(reverse("volunteers:post_arrivals", args=[post.pk])).json() == {
        "checked_in": 0,
        "rows": [],
    }


def test_the_coordinator_appraises_a_volunteer(client):
    volunteer = make_volunteer(name="考評志工")
    services.self_evaluation_save(
        volunteer=volunteer, user=volunteer.user, year=2026, half=2, text="很有收穫"
    )
    client.force_login(make_coordinator())
    url = reverse("volunteers:volunteer_detail", args=[volunteer.pk])
    assert "很有收穫" in client.get(url).content.decode()
    response = client.post(
        url, {"year": 2026, "half": 2, "rating": 5, "comment": "熱心"}
    )
    assert response.status_code == 302
    appraisal = volunteer.appraisals.get()
    assert (appraisal.rating, appraisal.comment, appraisal.self_evaluation) == (
        5,
        "熱心",
        "很有收穫",
    )
    client.force_login(volunteer.user)
    assert client.get(url).status_code == 404


def test_the_national_hours_file_decrypts_ids_and_logs_it(client):
    from portal.accounts import id_vault, national_id
    from portal.accounts.models import IdentityDisclosure
    from tests.factories.people import valid_national_id

    day = datetime.date(2026, 11, 10)
    shift = make_shift(day, start=(9, 0), end=(12, 0))
    with_id = make_volunteer(name="有證志工")
    number = valid_national_id(77, letter="B", sex="2")
    with_id.national_id_hash = national_id.hash_id(number)
    with_id.national_id_masked = national_id.mask(number)
    with_id.national_id_sealed = id_vault.seal(number)
    with_id.save()
    without = make_volunteer(name="無證志工")
    coordinator = make_coordinator()
    for volunteer in (with_id, without):
        place = Signup.objects.create(
            shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED
        )
        services.clock_mark(
            signup=place, actor=coordinator, reason="現場", clock_in=at(day, 9),
            clock_out=at(day, 11, 30),
        )  # fmt: skip
    client.force_login(coordinator)
    url = reverse("volunteers:national_export")
    assert client.get(url).status_code == 405  # a POST only: it decrypts
    response = client.post(url, {"month": "2026-11"})
    assert response["Cache-Control"] == "no-store"
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:6] == (
        "身分證字號",
        "姓名",
        "服務日期",
        "服務開始時間",
        "服務結束時間",
        "服務時數",
    )
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["有證志工"][:6] == (
        number,
        "有證志工",
        "115/11/10",
        "09:00",
        "11:30",
        "2.5",
    )
    assert by_name["無證志工"][0] in (None, "") and by_name["無證志工"][8]
    log = IdentityDisclosure.objects.get()
    assert (log.user, log.count) == (coordinator, 1)

    client.force_login(with_id.user)
    assert client.post(url, {"month": "2026-11"}).status_code == 404


def test_a_volunteers_national_id_is_kept_encrypted_from_the_admin(client):
    from django.contrib.auth.models import Group

    from portal.accounts import id_vault
    from portal.accounts.roles import ORGANIZERS
    from tests.factories.people import valid_national_id

    volunteer = make_volunteer(name="管理志工")
    coordinator = make_coordinator()
    assert (
        Group.objects.get(name=ORGANIZERS)
        .permissions.filter(codename="change_volunteer")
        .exists()
    )
    client.force_login(coordinator)
    url = reverse("wagtailsnippets_volunteers_volunteer:edit", args=[volunteer.pk])
    number = valid_national_id(88)
    response = client.post(
        url,
        {
            "user": volunteer.user.pk, "name": "管理志工", "national_id_number": number,
            "phone": "", "joined_on": "2024-01-01", "active": "on", "notes": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    volunteer.refresh_from_db()
    assert volunteer.national_id_masked.endswith(number[-2:])
    assert number not in volunteer.national_id_sealed
    assert id_vault.unseal(volunteer.national_id_sealed) == number


def test_the_coordinator_places_cancels_and_marks_times_on_a_shift(client):
    day = timezone.localdate() + datetime.timedelta(days=2)
    shift = make_shift(day, start=(9, 0), end=(12, 0), needed=1)
    first, second = make_volunteer(name="甲志工"), make_volunteer(name="乙志工")
    client.force_login(make_coordinator())
    url = reverse("volunteers:shift_detail", args=[shift.pk])
    client.post(url, {"action": "assign", "volunteer": first.pk})
    client.post(url, {"action": "assign", "volunteer": second.pk})
    places = {s.volunteer_id: s for s in Signup.objects.filter(shift=shift)}
    assert places[first.pk].status == SignupStatus.CONFIRMED
    assert places[second.pk].status == SignupStatus.WAITLISTED

    client.post(url, {"action": "cancel", "signup": places[first.pk].pk})
    promoted = Signup.objects.get(pk=places[second.pk].pk)
    assert promoted.status == SignupStatus.CONFIRMED

    prefix = f"mark-{promoted.pk}"
    missing_reason = client.post(
        url,
        {"action": "mark", "signup": promoted.pk, f"{prefix}-clock_in": "09:05",
         f"{prefix}-clock_out": "12:00", f"{prefix}-reason": ""},
    )  # fmt: skip
    assert missing_reason.status_code == 200
    assert 'value="09:05"' in missing_reason.content.decode()
    client.post(
        url,
        {"action": "mark", "signup": promoted.pk, f"{prefix}-clock_in": "09:05",
         f"{prefix}-clock_out": "12:00", f"{prefix}-reason": "忘記帶手機"},
    )  # fmt: skip
    promoted.refresh_from_db()
    assert (promoted.minutes, promoted.clock_note) == (175, "忘記帶手機")

    client.force_login(first.user)
    assert client.get(url).status_code == 404


def test_a_volunteer_gives_availability_and_the_coordinator_sees_it(client):
    volunteer = make_volunteer(name="時段志工")
    client.force_login(volunteer.user)
    response = client.post(
        reverse("volunteers:hours"),
        {"slots-form": "1", "slots": ["mon-morning", "wed-afternoon"]},
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == {"mon": ["morning"], "wed": ["afternoon"]}
    client.force_login(make_coordinator())
    page = client.get(reverse("volunteers:volunteer_detail", args=[volunteer.pk]))
    assert "星期一 上午" in page.content.decode()
