import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from portal.classday import services
from portal.classday.models import CheckIn, Method, Seat, SeatAssignment
from portal.enrolment import services as enrolment_services
from portal.records.models import Attendance, TrainingRecord
from tests.factories.catalog import make_site
from tests.factories.people import valid_national_id

from .conftest import make_classday

pytestmark = pytest.mark.django_db


def _token(day, kind=services.IN):
    return services.checkin_token(session=day["session"], kind=kind)


def test_a_repeat_scan_answers_already_checked_in_with_the_seat(day):
    first = services.checkin_scan(token=_token(day), user=day["alice"].user)
    again = services.checkin_scan(token=_token(day), user=day["alice"].user)
    assert not first.already and again.already
    assert first.seat == again.seat == 2  # seat 1 is not in use in this room
    assert CheckIn.objects.filter(enrolment=first.enrolment).count() == 1
    second = services.checkin_scan(token=_token(day), user=day["bob"].user)
    assert second.seat == 3


def test_checkin_feeds_the_training_record_and_hours(
    day, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.checkin_scan(token=_token(day), user=day["alice"].user)
    assert len(callbacks) == 1  # the record follows in the worker, not the request
    record = TrainingRecord.objects.get(enrolment=day["enrolments"]["alice"])
    # In class: nothing is credited before the check-out (or the end of the day).
    assert (record.attendance, record.hours) == (Attendance.PENDING, 0)
    with django_capture_on_commit_callbacks(execute=True):
        out = services.checkin_scan(token=_token(day, "out"), user=day["alice"].user)
    assert out.kind == "out" and out.checkin.checked_out_at is not None
    record.refresh_from_db()
    assert record.attendance == Attendance.ATTENDED
    assert record.hours == day["session"].course.study_hours
    assert services.checkin_scan(
        token=_token(day, "out"), user=day["alice"].user
    ).already


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        lambda token: "not-a-token",
    ],
)
def test_forged_tokens_are_refused(day, tamper):
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(token=tamper(_token(day)), user=day["alice"].user)
    assert refused.value.code == "invalid"
    assert not CheckIn.objects.exists()


def test_an_expired_token_is_refused(day, settings):
    token = _token(day)
    settings.CHECKIN_TOKEN_MAX_AGE = -1
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(token=token, user=day["alice"].user)
    assert refused.value.code == "expired"


def test_yesterdays_token_is_refused(day):
    token = services.checkin_token(
        session=day["session"], day=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(token=token, user=day["alice"].user)
    assert refused.value.code == "expired"


def test_another_sessions_token_is_refused(day, catalog):
    other = make_classday(  # a second session today
        catalog, code="C00002", agencies=day["agencies"], prefix="x"
    )
    token = services.checkin_token(session=other["session"])
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(
            token=token, user=day["alice"].user, session=day["session"]
        )
    assert refused.value.code == "other_session"
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(token=token, user=day["alice"].user)
    assert refused.value.code == "not_enrolled"  # alice is not in that session


def test_a_trainee_not_enrolled_cannot_check_in(day):
    with pytest.raises(services.CheckInRefused) as refused:
        services.checkin_scan(token=_token(day), user=day["outsider"].user)
    assert refused.value.code == "not_enrolled"
    assert not CheckIn.objects.exists()


def test_kiosk_matches_the_id_number_through_its_hash(day):
    result = services.checkin_kiosk(
        session=day["session"],
        national_id_number=valid_national_id(4242).lower(),
        actor=day["organizer"],
    )
    assert result.enrolment.user == day["alice"].user
    assert result.checkin.method == Method.KIOSK
    assert result.checkin.recorded_by == day["organizer"]
    with pytest.raises(services.CheckInRefused):
        services.checkin_kiosk(
            session=day["session"],
            national_id_number=valid_national_id(5555),
            actor=day["organizer"],
        )
    with pytest.raises(services.PermissionDenied):
        services.checkin_kiosk(
            session=day["session"],
            national_id_number=valid_national_id(4242),
            actor=day["bob"].user,
        )


def test_organizer_marks_by_hand_with_a_reason(day):
    enrolment = day["enrolments"]["bob"]
    with pytest.raises(services.ValidationError):
        services.checkin_mark(enrolment=enrolment, actor=day["organizer"], reason=" ")
    result = services.checkin_mark(
        enrolment=enrolment, actor=day["organizer"], reason="手機沒電，現場確認身分"
    )
    checkin = result.checkin
    assert (checkin.method, checkin.recorded_by, checkin.reason) == (
        Method.MANUAL,
        day["organizer"],
        "手機沒電，現場確認身分",
    )


def test_seats_on_selection_follow_the_enrolment(catalog):
    day = make_classday(catalog, seat_assignment=SeatAssignment.ON_SELECTION)
    seats = dict(Seat.objects.values_list("enrolment__user__username", "number"))
    assert seats == {"alice": 2, "bob": 3}
    # On the class day only the organizer withdraws a trainee (trainees ask leave).
    enrolment_services.enrolment_withdraw(
        enrolment=day["enrolments"]["alice"], actor=day["organizer"]
    )
    assert not Seat.objects.filter(enrolment=day["enrolments"]["alice"]).exists()
    result = services.checkin_scan(token=_token(day), user=day["bob"].user)
    assert result.seat == 3


def test_organizer_swaps_seats(day):
    alice, bob = day["enrolments"]["alice"], day["enrolments"]["bob"]
    services.seat_assign(enrolment=alice)
    services.seat_assign(enrolment=bob)
    services.seat_move(enrolment=alice, number=3, actor=day["organizer"])
    seats = dict(Seat.objects.values_list("enrolment__user__username", "number"))
    assert seats == {"alice": 3, "bob": 2}
    with pytest.raises(services.ValidationError):
        services.seat_move(enrolment=alice, number=1, actor=day["organizer"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_a_concurrent_double_scan_makes_one_record(attempt):
    _home, catalog = make_site()
    day = make_classday(catalog, code=f"D{attempt:05d}")
    user = day["alice"].user
    token = _token(day)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=10)
            results.append(services.checkin_scan(token=token, user=user))
        except Exception as exc:  # a lost write or an error must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(r.already for r in results) == [False, True]
    assert CheckIn.objects.filter(enrolment__user=user).count() == 1
    assert {r.seat for r in results} == {2}
    assert Seat.objects.filter(session=day["session"]).count() == 1
