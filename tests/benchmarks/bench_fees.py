"""Lecture fees at 10-year scale (about 1,100 sessions a year): the monthly fee
register (selector and rows), its batch status and its Excel export
(target: the register under 2 s on PostgreSQL).

Run with `make bench` or `BENCH_DATABASE_URL=postgres://... make bench`.
"""

import os

from common import setup_django, time_call


def ensure_statements():
    """One statement per lecturer (with a profile) and past session, written in
    bulk with two lines each; skipped when they are already there."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from cms.catalog.models import TimetableEntry
    from portal.fees.models import FeeLine, FeeStatement, LineKind, StatementStatus
    from portal.lecturers.models import LecturerProfile

    if FeeStatement.objects.count() > 5000:
        return
    profiles = dict(LecturerProfile.objects.values_list("lecturer_id", "pk"))
    categories = dict(LecturerProfile.objects.values_list("pk", "category"))
    pairs = {}
    for session_id, lecturer_id, day in TimetableEntry.objects.filter(
        date__lt=timezone.localdate(), lecturer_id__in=list(profiles)
    ).values_list("session_id", "lecturer_id", "date"):
        key = (session_id, profiles[lecturer_id])
        pairs[key] = max(pairs.get(key, day), day)
    existing = set(FeeStatement.objects.values_list("session_id", "lecturer_id"))
    statuses = [StatementStatus.PAID] * 8 + [StatementStatus.CONFIRMED] * 2
    with transaction.atomic():
        new = [
            FeeStatement(
                session_id=session_id,
                lecturer_id=profile_id,
                category=categories[profile_id],
                date=day,
                status=statuses[n % len(statuses)],
                taxable_total=6000,
                premium=0,
                tax=0,
                net_total=6000,
                confirmed_account="700-****-****5678",
                paid_on=day + datetime.timedelta(days=20) if n % 10 < 8 else None,
            )
            for n, ((session_id, profile_id), day) in enumerate(pairs.items())
            if (session_id, profile_id) not in existing
        ]
        FeeStatement.objects.bulk_create(new, batch_size=2000)
        lines = []
        for statement in FeeStatement.objects.filter(lines__isnull=True).only(
            "pk", "date"
        ):
            for hour in (9, 13):
                lines.append(
                    FeeLine(
                        statement=statement,
                        kind=LineKind.TEACHING,
                        key=f"{statement.date}T{hour:02d}:00",
                        date=statement.date,
                        description=f"{statement.date} {hour:02d}:00",
                        minutes=90,
                        periods=2,
                        rate=1500,
                        computed_amount=3000,
                        amount=3000,
                    )
                )
        FeeLine.objects.bulk_create(lines, batch_size=5000)


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client

    from portal.fees import selectors
    from portal.fees.models import FeeStatement

    ensure_statements()
    busiest = (
        FeeStatement.objects.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    year, month = busiest["month"].year, busiest["month"].month
    organizer = get_user_model().objects.get(username="organizer")
    client = Client()
    client.force_login(organizer)
    print(
        f"database: {connection.vendor}; statements: {FeeStatement.objects.count():,};"
        f" busiest month {year}-{month:02d} with {busiest['n']:,} statements"
    )

    def register():
        fresh = get_user_model().objects.get(pk=organizer.pk)
        statements = selectors.monthly_register(viewer=fresh, year=year, month=month)
        return selectors.register_rows(statements)

    def status():
        fresh = get_user_model().objects.get(pk=organizer.pk)
        return selectors.batch_status(viewer=fresh, year=year, month=month)

    query = f"?month={year:04d}-{month:02d}"
    rows = [
        ("monthly register, all rows (selector)", time_call(register)),
        ("batch status of the month", time_call(status)),
        (
            "monthly register page (admin, HTTP)",
            time_call(lambda: client.get("/admin/fees/register/" + query)),
        ),
        (
            "monthly register Excel export (HTTP)",
            time_call(lambda: client.get("/admin/fees/register/export.xlsx" + query)),
        ),
    ]
    print("\nLecture fees at 10-year scale")
    print(f"{'operation':<56} {'p50 ms':>8} {'p95 ms':>8} {'runs':>6}")
    for label, r in rows:
        print(f"{label:<56} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['n']:>6}")


if __name__ == "__main__":
    main()
