"""People and records at 10-year scale: an agency's yearly study-hours report, its
mandatory-training compliance view, and a trainee's "my classes" and "my hours"
pages (target: report under 200 ms on PostgreSQL).

Run with `make bench` or `BENCH_DATABASE_URL=postgres://... make bench`.
"""

import os

from common import setup_django, time_call


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from portal.accounts.models import Person
    from portal.enrolment.models import Enrolment
    from portal.records.models import StudyHours, TrainingRecord
    from portal.records.selectors import ANY, agency_hours_report, mandatory_compliance

    User = get_user_model()
    hr = User.objects.get(username="hr_a")
    year = timezone.localdate().year - 1
    report_rows = len(list(agency_hours_report(viewer=hr, year=year)))
    print(
        f"database: {connection.vendor}; people: {Person.objects.count():,}; "
        f"enrolments: {Enrolment.objects.count():,}; "
        f"records: {TrainingRecord.objects.count():,}; "
        f"ledger lines: {StudyHours.objects.count():,}; "
        f"hr_a's agency has {report_rows:,} people"
    )
    busiest = (
        Enrolment.objects.filter(user__username__startswith="bench")
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    trainee = User.objects.get(pk=busiest["user_id"])

    hr_client, trainee_client = Client(), Client()
    hr_client.force_login(hr)
    trainee_client.force_login(trainee)

    def report():
        fresh = User.objects.get(pk=hr.pk)  # no scope cached between runs
        return list(agency_hours_report(viewer=fresh, year=year))

    def compliance():
        fresh = User.objects.get(pk=hr.pk)
        result = mandatory_compliance(viewer=fresh, year=year, status=ANY)
        return result.summary, result.rows.count(), result.rows[:50]

    summary, lines, _page = compliance()
    print(
        "mandatory training in hr_a's agency: "
        + "; ".join(
            f"{rule.name} met {met:,} of {total:,}" for rule, met, total in summary
        )
        + f" ({lines:,} lines)"
    )

    rows = [
        (
            f"agency yearly report, all {report_rows:,} rows (selector)",
            time_call(report),
        ),
        (
            "agency study-hours page (HTTP, 50 rows)",
            time_call(lambda: hr_client.get(f"/hr/hours/?year={year}")),
        ),
        (
            "agency study-hours Excel export",
            time_call(lambda: hr_client.get(f"/hr/hours/?year={year}&format=xlsx")),
        ),
        (
            "mandatory compliance: summary, count, 50 lines (selector)",
            time_call(compliance),
        ),
        (
            "mandatory compliance page (HTTP, not met, 50 rows)",
            time_call(lambda: hr_client.get(f"/hr/mandatory/?year={year}")),
        ),
        (
            "mandatory compliance Excel export (everyone)",
            time_call(
                lambda: hr_client.get(
                    f"/hr/mandatory/?year={year}&status=all&format=xlsx"
                )
            ),
        ),
        (
            f"trainee 'my hours' page ({busiest['n']} classes)",
            time_call(lambda: trainee_client.get(f"/my/hours/?year={year}")),
        ),
        (
            f"trainee 'my classes' page ({busiest['n']} classes)",
            time_call(lambda: trainee_client.get("/my/classes/")),
        ),
    ]
    print("\nPeople and records at 10-year scale")
    print(f"{'operation':<56} {'p50 ms':>8} {'p95 ms':>8} {'runs':>6}")
    for label, r in rows:
        print(f"{label:<56} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['n']:>6}")


if __name__ == "__main__":
    main()
