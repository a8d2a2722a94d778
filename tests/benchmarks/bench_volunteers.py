"""A month of volunteer shifts opens: 1,000 volunteers ask for 300 shifts (3
places each) at once, through a real HTTP server (gunicorn on loopback) from 50
concurrent clients flat out. Each volunteer asks for 3 shifts at random, so
3,000 requests compete for 900 places; some ask twice for the same shift or for
two shifts at the same time. Afterwards the benchmark asserts that no place was
lost or given twice: per shift at most 3 confirmed, as many as 3 whenever 3 or
more asked, the rest on its waiting list; one sign-up per volunteer and shift;
no volunteer on two overlapping shifts.

The asks come once spread over the first minute (the month opening: 50 a
second) and once flat out. Target: no server error, p99 under 300 ms over the
first minute. Runs on SQLite
(var/bench_volunteers.sqlite3) or on BENCH_DATABASE_URL.
"""

import datetime
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_checkin import free_port, serve  # noqa: E402

HOW_MANY, SHIFTS, NEEDED, ASKS = 1000, 300, 3, 3


def setup():
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SQLITE_PATH", "var/bench_volunteers.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return build()


def build():
    """The month after next with 300 shifts and 1,000 volunteers, once; earlier
    runs' sign-ups are removed."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import APIToken

    from portal.accounts.roles import VOLUNTEERS, ensure_role_groups
    from portal.volunteers.models import (
        Duty,
        Period,
        Post,
        Shift,
        ShiftMonth,
        Signup,
        Volunteer,
    )

    ensure_role_groups()
    now = timezone.now()
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=70)).replace(
        day=1
    )
    month, _created = ShiftMonth.objects.update_or_create(
        month=first,
        defaults={
            "published_at": now,
            "signup_opens_at": now - datetime.timedelta(minutes=1),
            "signup_closes_at": now + datetime.timedelta(days=7),
        },
    )
    if month.shifts.count() < SHIFTS:
        duty, _ = Duty.objects.get_or_create(name="壓測服務台")
        posts = [Post.objects.get_or_create(name=f"壓測站 {n}")[0] for n in range(5)]
        shifts = []
        day = first
        while len(shifts) < SHIFTS:
            for post in posts:
                for period, begins, ends in (
                    (Period.MORNING, datetime.time(8, 30), datetime.time(12)),
                    (Period.AFTERNOON, datetime.time(13, 30), datetime.time(17)),
                ):
                    shifts.append(
                        Shift(
                            month=month, duty=duty, post=post, date=day,
                            period=period, starts_at=begins, ends_at=ends,
                            needed=NEEDED,
                        )
                    )  # fmt: skip
            day += datetime.timedelta(days=1)
            if day.month != first.month:
                day = first
        Shift.objects.bulk_create(shifts[:SHIFTS])
    shifts = list(month.shifts.order_by("pk")[:SHIFTS])
    User = get_user_model()
    if Volunteer.objects.filter(name__startswith="壓測志工").count() < HOW_MANY:
        password = make_password(None)
        users = User.objects.bulk_create(
            User(username=f"vbench-{i:04d}", password=password) for i in range(HOW_MANY)
        )
        Group.objects.get(name=VOLUNTEERS).user_set.add(*users)
        Volunteer.objects.bulk_create(
            Volunteer(user=user, name=f"壓測志工{i}", joined_on=first)
            for i, user in enumerate(users)
        )
    volunteers = list(
        Volunteer.objects.filter(name__startswith="壓測志工").order_by("pk")
    )
    Signup.objects.filter(shift__in=shifts).delete()
    APIToken.objects.filter(user__volunteer__in=volunteers).delete()
    bearer = {}
    for volunteer in volunteers:
        _token, plaintext = APIToken.create_token(user=volunteer.user, name="bench")
        bearer[volunteer.pk] = plaintext
    return shifts, volunteers, bearer


def load(port, requests, *, over=None):
    """The check-in benchmark's clients, posting to a sign-up address each; with
    ``over`` seconds the arrivals are spread evenly over that time."""
    import http.client
    import queue
    import threading
    import time

    work = queue.Queue()
    start = time.perf_counter() + 0.2
    step = (over or 0) / max(1, len(requests))
    for index, item in enumerate(requests):
        work.put((start + index * step, *item))
    results, lock = [], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                due, bearer, path = work.get_nowait()
            except queue.Empty:
                break
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            headers = {
                "Authorization": f"Bearer {bearer}",
                "Accept-Language": "zh-hant",
            }
            started = time.perf_counter()
            for attempt in range(2):
                try:
                    connection.request("POST", path, "", headers)
                    response = connection.getresponse()
                    response.read()
                    break
                except (http.client.HTTPException, OSError):
                    connection.close()
                    connection = http.client.HTTPConnection(
                        "127.0.0.1", port, timeout=30
                    )
                    if attempt:
                        raise
            with lock:
                results.append((response.status, time.perf_counter() - started))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(50)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def run(shifts, volunteers, bearer, *, over=None):
    from django.db import connection
    from django.db.models import Count, Q

    from portal.volunteers.models import Signup, SignupStatus

    rnd = random.Random(15)
    requests = []
    for volunteer in volunteers:
        for shift in rnd.sample(shifts, ASKS - 1) + [rnd.choice(shifts)]:
            requests.append(
                (bearer[volunteer.pk], f"/api/v1/volunteer/shifts/{shift.pk}/signup/")
            )
    rnd.shuffle(requests)
    port = free_port()
    server = serve(port)
    try:
        load(
            port, [(bearer[volunteers[0].pk], "/api/v1/volunteer/shifts/0/signup/")] * 6
        )
        results, wall = load(port, requests, over=over)
    finally:
        server.terminate()
        server.wait(timeout=20)
    statuses = {}
    for status, _elapsed in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(elapsed for _s, elapsed in results)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000

    signups = Signup.objects.filter(shift__in=shifts)
    per_shift = signups.values("shift_id").annotate(
        confirmed=Count("pk", filter=Q(status=SignupStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignupStatus.WAITLISTED)),
    )
    confirmed = sum(row["confirmed"] for row in per_shift)
    waiting = sum(row["waiting"] for row in per_shift)
    label = f"over {over} s" if over else "flat out"
    print(
        f"{label:>10} {connection.vendor:>10} {len(results):>9,} {wall:>7.1f} "
        f"{len(results) / wall:>7.0f} {p50:>7.1f} {p99:>7.1f} "
        f"{latencies[-1] * 1000:>7.1f} {confirmed:>9} {waiting:>8} "
        f"{str(dict(sorted(statuses.items()))):>22}"
    )
    # The benchmark's own assertions: the data, whatever the timings.
    assert len(results) == len(requests), "requests lost"
    assert set(statuses) <= {201, 400}, statuses
    assert statuses.get(201, 0) == signups.count(), (statuses, signups.count())
    for row in per_shift:
        assert row["confirmed"] <= NEEDED, row
        assert row["waiting"] == 0 or row["confirmed"] == NEEDED, row
    doubled = signups.values("shift_id", "volunteer_id").annotate(n=Count("pk"))
    assert not doubled.filter(n__gt=1).exists()
    active = list(
        signups.filter(
            status__in=(SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)
        ).values_list("volunteer_id", "shift__date", "shift__starts_at")
    )
    assert len(active) == len(set(active)), "a volunteer on two shifts at once"
    return p99


def main():
    print(
        "A month of volunteer shifts opens: gunicorn 3 workers × 8 threads, 50 clients "
        "flat out,"
    )
    print(
        f"{HOW_MANY:,} volunteers × {ASKS} asks for {SHIFTS} shifts of {NEEDED} "
        "places; checked after each run: no place lost or given twice, no overlap.\n"
    )
    print(
        f"{'arrivals':>10} {'database':>10} {'requests':>9} {'wall s':>7} {'req/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'confirmed':>9} {'waiting':>8} "
        f"{'statuses':>22}"
    )
    shifts, volunteers, bearer = setup()
    # The month opens: 3,000 asks in the first minute, then the same flat out.
    p99 = run(shifts, volunteers, bearer, over=60)
    shifts, volunteers, bearer = build()
    run(shifts, volunteers, bearer)
    print(
        "\ntarget p99 < 300 ms (the first minute):", "met" if p99 < 300 else "NOT MET"
    )


if __name__ == "__main__":
    main()
