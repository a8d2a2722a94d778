"""Volunteers' shifts: qualification, overlap, monthly maximum, sign-up window,
waiting list and promotion, cancellation deadline, clock codes, hours and
allowances, late clock-in requests, no-shows, and the last place under a race."""

import datetime
import threading

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from portal.records.models import TrainingRecord
from portal.volunteers import selectors, services
from portal.volunteers.models import (
    ClockMethod,
    Duty,
    Post,
    RequestStatus,
    Signup,
    SignupStatus,
)
from tests.factories.catalog import make_course, make_session, make_site
from tests.factories.people import make_agencies
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


def code(error):
    return error.value.error_list[0].code


def signup(shift, volunteer, **kwargs):
    return services.signup_create(
        shift=shift, volunteer=volunteer, actor=volunteer.user, **kwargs
    )


def test_a_volunteer_signs_up_and_the_full_shift_takes_a_waiting_list():
    shift = make_shift(needed=1)
    first, second = make_volunteer(), make_volunteer()
    assert signup(shift, first).status == SignupStatus.CONFIRMED
    waiting = signup(shift, second)
    assert waiting.status == SignupStatus.WAITLISTED
    assert waiting.queued_at is not None
    with pytest.raises(ValidationError) as error:
        signup(shift, first)
    assert code(error) == "duplicate"


def test_cancelling_promotes_the_first_in_line():
    shift = make_shift(needed=1)
    first, second, third = make_volunteer(), make_volunteer(), make_volunteer()
    place = signup(shift, first)
    signup(shift, second)
    signup(shift, third)

    services.signup_cancel(signup=place, actor=first.user)

    statuses = dict(Signup.objects.values_list("volunteer_id", "status"))
    assert statuses[first.pk] == SignupStatus.CANCELLED
    assert statuses[second.pk] == SignupStatus.CONFIRMED
    assert statuses[third.pk] == SignupStatus.WAITLISTED


def test_a_duty_needs_its_training_course_completed():
    make_agencies()
    _home, catalog = make_site()
    course = make_course(catalog, title="志工基礎訓練")
    duty = Duty.objects.create(name="教室協助", required_course=course)
    shift = make_shift(duty=duty)
    volunteer = make_volunteer()
    with pytest.raises(ValidationError) as error:
        signup(shift, volunteer)
    assert code(error) == "not_qualified"

    session = make_session(course, start=datetime.date(2026, 1, 10))
    from portal.enrolment.models import Enrolment, EnrolmentStatus

    enrolment = Enrolment.objects.create(
        session=session, user=volunteer.user, status=EnrolmentStatus.SELECTED
    )
    TrainingRecord.objects.create(
        enrolment=enrolment,
        user=volunteer.user,
        session=session,
        year=2026,
        completed=True,
    )
    assert signup(shift, volunteer).status == SignupStatus.CONFIRMED


def test_overlapping_shifts_are_refused():
    volunteer = make_volunteer()
    day = timezone.localdate() + datetime.timedelta(days=8)
    signup(make_shift(day, start=(9, 0), end=(12, 0)), volunteer)
    with pytest.raises(ValidationError) as error:
        signup(make_shift(day, start=(11, 0), end=(13, 0)), volunteer)
    assert code(error) == "overlap"
    # Back to back is no overlap.
    assert signup(make_shift(day, start=(12, 0), end=(14, 0)), volunteer)


def test_the_monthly_maximum_of_a_duty():
    duty = Duty.objects.create(name="活動引導", max_per_month=2)
    volunteer = make_volunteer()
    base = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    base = base.replace(day=3)
    for offset in (0, 1):
        signup(make_shift(base + datetime.timedelta(days=offset), duty=duty), volunteer)
    with pytest.raises(ValidationError) as error:
        signup(make_shift(base + datetime.timedelta(days=2), duty=duty), volunteer)
    assert code(error) == "monthly_limit"


def test_no_sign_up_outside_the_window_or_before_publishing():
    day = timezone.localdate() + datetime.timedelta(days=9)
    volunteer = make_volunteer()
    closed = make_shift(day, month=make_month(day, open_now=False))
    with pytest.raises(ValidationError) as error:
        signup(closed, volunteer)
    assert code(error) == "window_closed"
    # The coordinator may still place someone.
    coordinator = make_coordinator()
    placed = services.signup_create(
        shift=closed, volunteer=volunteer, actor=coordinator
    )
    assert placed.status == SignupStatus.CONFIRMED


def test_only_the_volunteer_or_a_coordinator_signs_up():
    shift = make_shift()
    volunteer = make_volunteer()
    stranger = make_user("stranger")
    with pytest.raises(PermissionDenied):
        services.signup_create(shift=shift, volunteer=volunteer, actor=stranger)
    with pytest.raises(PermissionDenied):
        services.signup_create(
            shift=shift, volunteer=volunteer, actor=make_volunteer().user
        )


def test_cancellation_closes_before_the_shift_for_the_volunteer():
    day = timezone.localdate() + datetime.timedelta(days=1)
    shift = make_shift(day, start=(9, 0), end=(12, 0))
    volunteer = make_volunteer()
    place = signup(shift, volunteer)
    with pytest.raises(ValidationError) as error:
        services.signup_cancel(
            signup=place,
            actor=volunteer.user,
            now=at(day, 9) - datetime.timedelta(hours=47),
        )
    assert code(error) == "cancel_closed"
    services.signup_cancel(signup=place, actor=make_coordinator())
    place.refresh_from_db()
    assert place.status == SignupStatus.CANCELLED


def _clock_world():
    day = timezone.localdate()
    post = Post.objects.create(name="二樓報到處")
    shift = make_shift(day, post=post, start=(9, 0), end=(12, 0), needed=3)
    volunteer = make_volunteer()
    # Placed before the shift, whatever the time the test runs.
    place = services.signup_create(
        shift=shift, volunteer=volunteer, actor=make_coordinator(), now=at(day, 7)
    )
    return day, post, shift, volunteer, place


def test_scanning_the_posts_code_clocks_in_then_out_and_counts_hours():
    day, post, _shift, volunteer, place = _clock_world()
    token = services.post_token(post=post)
    services.clock_scan(token=token, user=volunteer.user, now=at(day, 8, 50))
    done = services.clock_scan(token=token, user=volunteer.user, now=at(day, 12, 10))

    assert done.clock_in == at(day, 8, 50) and done.clock_out == at(day, 12, 10)
    assert done.clock_in_method == ClockMethod.SCAN
    assert done.minutes == 200 and str(done.hours) == "3.3"
    assert done.allowance  # both within 30 minutes of 09:00 and 12:00


def test_no_allowance_outside_the_tolerance_but_the_hours_count():
    day, post, _shift, volunteer, _place = _clock_world()
    token = services.post_token(post=post)
    services.clock_scan(token=token, user=volunteer.user, now=at(day, 9, 45))
    done = services.clock_scan(token=token, user=volunteer.user, now=at(day, 12))
    assert done.minutes == 135
    assert not done.allowance


def test_forged_expired_or_other_day_codes_are_refused(settings):
    day, post, _shift, volunteer, _place = _clock_world()
    with pytest.raises(ValidationError) as error:
        services.clock_scan(token="1:2026-12-01:forged", user=volunteer.user)
    assert code(error) == "invalid"
    other_salt = signing.TimestampSigner(salt="portal.classday.checkin").sign(
        f"{post.pk}:{day.isoformat()}"
    )
    with pytest.raises(ValidationError) as error:
        services.clock_scan(token=other_salt, user=volunteer.user)
    assert code(error) == "invalid"
    yesterday = services.post_token(post=post, day=day - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.clock_scan(token=yesterday, user=volunteer.user)
    assert code(error) == "expired"
    settings.CHECKIN_TOKEN_MAX_AGE = -1
    with pytest.raises(ValidationError) as error:
        services.clock_scan(token=services.post_token(post=post), user=volunteer.user)
    assert code(error) == "expired"


def test_a_scan_without_a_shift_at_that_post_is_refused():
    day, _post, _shift, volunteer, _place = _clock_world()
    elsewhere = Post.objects.create(name="三樓")
    with pytest.raises(ValidationError) as error:
        services.clock_scan(
            token=services.post_token(post=elsewhere),
            user=volunteer.user,
            now=at(day, 9),
        )
    assert code(error) == "no_shift"
    stranger = make_user("not_a_volunteer")
    with pytest.raises(ValidationError) as error:
        services.clock_scan(
            token=services.post_token(post=elsewhere), user=stranger, now=at(day, 9)
        )
    assert code(error) == "not_volunteer"


def test_a_late_clock_in_request_is_approved_by_the_coordinator():
    day, _post, _shift, volunteer, place = _clock_world()
    request = services.clock_request_create(
        signup=place,
        user=volunteer.user,
        clock_in=at(day, 9, 5),
        clock_out=at(day, 12),
        reason="手機沒電",
    )
    with pytest.raises(PermissionDenied):
        services.clock_request_decide(
            request=request, actor=volunteer.user, approve=True
        )
    services.clock_request_decide(
        request=request, actor=make_coordinator(), approve=True
    )
    place.refresh_from_db()
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert place.clock_in_method == ClockMethod.LATE_REQUEST
    assert place.minutes == 175 and place.allowance


def test_the_coordinators_mark_needs_a_reason():
    day, _post, _shift, _volunteer, place = _clock_world()
    coordinator = make_coordinator()
    with pytest.raises(ValidationError):
        services.clock_mark(
            signup=place, actor=coordinator, reason=" ", clock_in=at(day, 9)
        )
    marked = services.clock_mark(
        signup=place,
        actor=coordinator,
        reason="現場登記",
        clock_in=at(day, 9),
        clock_out=at(day, 12),
    )
    assert marked.clock_in_method == ClockMethod.COORDINATOR and marked.minutes == 180


def test_no_shows_are_recorded_after_the_shift():
    day, _post, shift, volunteer, place = _clock_world()
    assert services.no_shows_mark(now=at(day, 11)) == 0
    assert services.no_shows_mark(now=at(day, 12, 1)) == 1
    place.refresh_from_db()
    assert place.status == SignupStatus.NO_SHOW
    hours = selectors.hours_by_volunteer(
        viewer=make_coordinator(), start=day, end=day
    ).get(pk=volunteer.pk)
    assert hours.no_shows == 1 and hours.minutes == 0


def test_hours_per_month_and_the_scope():
    day, post, _shift, volunteer, _place = _clock_world()
    token = services.post_token(post=post)
    services.clock_scan(token=token, user=volunteer.user, now=at(day, 9))
    services.clock_scan(token=token, user=volunteer.user, now=at(day, 12))
    summary = selectors.hours_of(volunteer=volunteer, year=day.year)
    assert summary["minutes"] == 180 and str(summary["hours"]) == "3.0"
    assert summary["months"][day.month - 1]["allowances"] == 1

    other = make_volunteer()
    assert list(selectors.volunteer_list(viewer=other.user)) == [other]
    assert not selectors.signup_list(viewer=other.user).exists()
    assert selectors.signup_list(viewer=volunteer.user).count() == 1
    assert not selectors.volunteer_list(viewer=make_user("trainee_x")).exists()
    assert selectors.volunteer_list(viewer=make_coordinator()).count() == 2
    assert not selectors.coverage(viewer=volunteer.user, start=day, end=day).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_the_last_place_is_given_once_under_concurrent_sign_ups(attempt):
    shift = make_shift(needed=1)
    volunteers = [make_volunteer(f"race{attempt}_{n}") for n in range(4)]
    barrier = threading.Barrier(len(volunteers))
    results, errors = [], []

    def take(volunteer):
        try:
            barrier.wait(timeout=10)
            results.append(signup(shift, volunteer).status)
        except Exception as exc:  # a lost or doubled place must fail the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=take, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(results) == sorted(
        [SignupStatus.CONFIRMED] + [SignupStatus.WAITLISTED] * 3
    )
    assert shift.signups.filter(status=SignupStatus.CONFIRMED).count() == 1
    assert shift.signups.count() == 4


def test_tomorrows_volunteers_are_reminded_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    shift = make_shift(tomorrow, start=(8, 30), end=(12, 0))
    volunteer = make_volunteer(name="提醒志工")
    services.signup_create(shift=shift, volunteer=volunteer, actor=make_coordinator())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
    [mail] = [m for m in mailoutbox if volunteer.user.email in m.to]
    assert "08:30–12:00" in mail.body and shift.post.name in mail.body


def test_the_weekly_note_lists_gaps_and_classes_without_volunteers(
    mailoutbox, django_capture_on_commit_callbacks
):
    make_agencies()
    _home, catalog = make_site()
    session = make_session(
        make_course(catalog, title="無志工課程"),
        start=timezone.localdate() + datetime.timedelta(days=5),
    )
    make_coordinator("coord_mail")
    shift = make_shift(timezone.localdate() + datetime.timedelta(days=3), needed=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.weekly_gaps_send()
    [mail] = [m for m in mailoutbox if "coord_mail@example.test" in m.to]
    assert shift.duty.name in mail.body and "0/2" not in mail.body
    assert "2/2" in mail.body and session.code in mail.body


def test_a_scan_between_two_shifts_clocks_out_of_the_first_or_into_the_next():
    day = timezone.localdate()
    post = Post.objects.create(name="連班服務台")
    morning = make_shift(day, post=post, start=(8, 30), end=(12, 0))
    afternoon = make_shift(day, post=post, start=(13, 30), end=(17, 0))
    volunteer = make_volunteer()
    coordinator = make_coordinator()
    for shift in (morning, afternoon):
        services.signup_create(
            shift=shift, volunteer=volunteer, actor=coordinator, now=at(day, 7)
        )
    token = services.post_token(post=post)
    first = services.clock_scan(token=token, user=volunteer.user, now=at(day, 8, 25))
    assert first.shift == morning and first.clock_in
    leaving = services.clock_scan(token=token, user=volunteer.user, now=at(day, 12, 10))
    assert leaving.shift == morning and leaving.clock_out == at(day, 12, 10)
    back = services.clock_scan(token=token, user=volunteer.user, now=at(day, 12, 45))
    assert back.shift == afternoon and back.clock_in == at(day, 12, 45)
    with pytest.raises(ValidationError) as error:
        services.clock_scan(token=token, user=volunteer.user, now=at(day, 7))
    assert code(error) == "no_shift"
