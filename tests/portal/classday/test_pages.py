import datetime
import io
import threading

import openpyxl
import pytest
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.core.models import InstituteSettings
from portal.classday import services
from portal.classday.models import (
    Ballot,
    CheckIn,
    ClassDaySettings,
    LeaveRequest,
    LeaveStatus,
    Vote,
)
from portal.notifications.models import OutgoingEmail
from portal.records.models import Attendance, TrainingRecord
from tests.factories.catalog import make_site
from tests.factories.users import PASSWORD

from .conftest import make_classday

pytestmark = pytest.mark.django_db


def _login(client, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    assert client.login(username=user.username, password=PASSWORD)


def test_check_in_from_the_qr_url_and_see_the_seat(client, day):
    token = services.checkin_token(session=day["session"])
    url = reverse("classday:checkin", args=[token])
    assert client.get(url).status_code == 302  # sign in first
    _login(client, day["alice"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["kind"] == "in"
    assert "result" not in page.context  # a GET only shows what the scan is for
    assert not CheckIn.objects.exists()  # a GET records nothing
    done = client.post(url)
    assert done.status_code == 200
    assert (done.context["result"].already, done.context["result"].seat) == (False, 2)
    assert "第 1 天" in done.content.decode()  # the day's timetable
    again = client.post(url)
    assert (again.context["result"].already, again.context["result"].seat) == (True, 2)
    assert CheckIn.objects.count() == 1


def test_refusals_are_clear_pages(client, day, settings):
    token = services.checkin_token(session=day["session"])
    _login(client, day["outsider"])
    response = client.post(reverse("classday:checkin", args=[token]))
    assert response.status_code == 403  # not_enrolled
    assert response.context["message"]
    settings.CHECKIN_TOKEN_MAX_AGE = -1
    response = client.get(reverse("classday:checkin", args=[token]))
    assert response.status_code == 410 and response.context["message"]  # expired
    assert not CheckIn.objects.exists()


def test_leave_approval_changes_attendance_and_queues_three_notices(client, day):
    site = Site.objects.get(is_default_site=True)
    contacts = InstituteSettings.for_site(site)
    contacts.duty_staff_email = "duty@example.test"
    contacts.front_desk_email = "desk@example.test"
    contacts.save()
    _login(client, day["alice"])
    page = reverse("classday:day", args=[day["session"].pk])
    response = client.post(
        page,
        {
            "action": "leave",
            "leave-date": timezone.localdate().isoformat(),
            "leave-reason": "家中有事",
        },
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert leave.status == LeaveStatus.PENDING and leave.hours is None
    client.logout()
    _login(client, day["organizer"])
    screen = reverse("classday_screen", args=[day["session"].pk])
    response = client.post(
        screen, {"action": "approve_leave", "leave": leave.pk, "note": "准"}
    )
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED and leave.decided_by == day["organizer"]
    record = TrainingRecord.objects.get(enrolment=day["enrolments"]["alice"])
    assert record.attendance == Attendance.EXCUSED and record.hours == 0
    notices = sorted(
        OutgoingEmail.objects.filter(template_key="leave_approved_notice").values_list(
            "to", flat=True
        )
    )
    assert notices == ["desk@example.test", "duty@example.test", "hr-it@example.test"]
    assert OutgoingEmail.objects.filter(
        template_key="leave_decision", to="alice@example.test"
    ).exists()


def test_partial_leave_reduces_the_hours_of_a_day_attended(day):
    for kind in (services.IN, services.OUT):
        services.checkin_scan(
            token=services.checkin_token(session=day["session"], kind=kind),
            user=day["alice"].user,
        )
    leave = services.leave_request(
        enrolment=day["enrolments"]["alice"],
        user=day["alice"].user,
        date=timezone.localdate(),
        hours=2,
        reason="看醫生",
    )
    services.leave_decide(leave=leave, actor=day["organizer"], approve=True)
    record = TrainingRecord.objects.get(enrolment=day["enrolments"]["alice"])
    assert record.attendance == Attendance.PARTIAL
    assert record.hours == day["session"].course.study_hours - 2


def test_leave_form_keeps_what_was_typed_on_error(client, day):
    _login(client, day["alice"])
    page = reverse("classday:day", args=[day["session"].pk])
    response = client.post(
        page,
        {
            "action": "leave",
            "leave-date": timezone.localdate().isoformat(),
            "leave-hours": "99",
            "leave-reason": "家中有事",
        },
    )
    assert response.status_code == 200
    assert "家中有事" in response.content.decode()  # what was typed is kept
    assert list(response.context["leave_form"].errors) == ["hours"]
    assert not LeaveRequest.objects.exists()


def test_meals_until_the_deadline_with_counts_and_export(client, catalog):
    deadline = timezone.now() + datetime.timedelta(hours=1)
    day = make_classday(catalog, serves_meals=True, meal_deadline=deadline)
    today = timezone.localdate().isoformat()
    _login(client, day["alice"])
    page = reverse("classday:day", args=[day["session"].pk])
    client.post(page, {"action": "meals", f"meal-{today}": "vegetarian"})
    client.logout()
    _login(client, day["bob"])
    client.post(page, {"action": "meals", f"meal-{today}": "regular"})
    client.post(page, {"action": "meals", f"meal-{today}": "vegetarian"})  # changed
    counts = services.MealChoice.objects.filter(session=day["session"])
    assert sorted(counts.values_list("meal", flat=True)) == ["vegetarian", "vegetarian"]
    ClassDaySettings.objects.filter(session=day["session"]).update(
        meal_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(page, {"action": "meals", f"meal-{today}": "regular"})
    levels = [m.level for m in response.context["messages"]]
    assert levels == [messages.SUCCESS, messages.SUCCESS, messages.ERROR]  # closed
    client.logout()
    _login(client, day["organizer"])
    screen = client.get(reverse("classday_screen", args=[day["session"].pk]))
    assert screen.context["meal_counts"][0]["vegetarian"] == 2
    export = client.get(reverse("classday_meals_export", args=[day["session"].pk]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 1 + 1 + 2  # heading, the day's total, two trainees


def test_organizer_screen_shows_a_rotating_qr_and_live_arrivals(client, day):
    _login(client, day["organizer"])
    screen = client.get(reverse("classday_screen", args=[day["session"].pk]))
    assert screen.status_code == 200
    first = client.get(reverse("classday_qr", args=[day["session"].pk])).json()
    assert first["svg"].startswith("<svg") and "/checkin/" in first["url"]
    token = first["url"].rstrip("/").rsplit("/", 1)[1]
    services.checkin_scan(token=token, user=day["bob"].user)
    arrivals = client.get(reverse("classday_arrivals", args=[day["session"].pk])).json()
    assert arrivals["checked_in"] == 1 and arrivals["total"] == 2
    bob = next(r for r in arrivals["rows"] if r["seat"] == 2)
    assert bob["checked_in_at"]
    client.logout()
    _login(client, day["alice"])  # trainees do not reach the organizer's screen
    # (403: the page that tells accounts without admin access where to go)
    assert client.get(reverse("classday_qr", args=[day["session"].pk])).status_code in (
        302,
        403,
        404,
    )


def test_one_vote_per_trainee_and_live_results(client, day):
    vote = services.vote_open(
        session=day["session"],
        question="最佳簡報組",
        options=["第一組", "第二組"],
        actor=day["organizer"],
    )
    first, second = vote.options.all()
    _login(client, day["alice"])
    url = reverse("classday:vote", args=[vote.pk])
    assert client.post(url, {"option": first.pk}).status_code == 302
    again = client.post(url, {"option": second.pk})
    assert again.status_code == 400 and again.context["error"]
    assert list(Ballot.objects.values_list("option", flat=True)) == [first.pk]
    with pytest.raises(ValidationError) as refused:
        services.vote_cast(vote=vote, option_id=second.pk, user=day["alice"].user)
    assert refused.value.code == "already_voted"
    results = reverse("classday:vote_results", args=[vote.pk])
    assert client.get(results).status_code == 404  # not published yet
    client.logout()
    _login(client, day["outsider"])
    assert client.post(url, {"option": first.pk}).status_code == 404
    client.logout()
    _login(client, day["organizer"])
    data = client.get(results).json()
    assert data["total"] == 1 and data["options"][0]["votes"] == 1
    services.vote_set_status(vote=vote, status="published", actor=day["organizer"])
    client.logout()
    _login(client, day["bob"])
    assert client.get(results).json()["total"] == 1
    assert client.post(url, {"option": first.pk}).status_code == 400  # not open


@pytest.mark.django_db(transaction=True)
def test_two_racing_ballots_of_one_trainee_count_once():
    _home, catalog = make_site()
    day = make_classday(catalog, code="V00001")
    vote = services.vote_open(
        session=day["session"], question="最佳簡報", options=["甲", "乙"],
        actor=day["organizer"],
    )  # fmt: skip
    options = list(vote.options.values_list("pk", flat=True))
    barrier = threading.Barrier(2)
    outcomes = []

    def cast(option_id):
        try:
            barrier.wait(timeout=10)
            services.vote_cast(
                vote=Vote.objects.get(pk=vote.pk),
                option_id=option_id,
                user=day["alice"].user,
            )
            outcomes.append("ok")
        except services.ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # anything else must fail the test
            outcomes.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=cast, args=(o,)) for o in options]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, outcomes)) == ["ok", "refused"]
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_the_home_page_shows_todays_class_with_seat_and_check_in(client, day):
    _login(client, day["alice"])
    page = client.get("/").content.decode()
    assert "今天的課程" in page and "公文寫作實務班" in page and "尚未簽到" in page
    result = services.checkin_scan(
        token=services.checkin_token(session=day["session"]), user=day["alice"].user
    )
    page = client.get("/").content.decode()
    assert f"座位 {result.seat}" in page and "尚未簽到" not in page
    _login(client, day["outsider"])  # not in the class
    assert "今天的課程" not in client.get("/").content.decode()
