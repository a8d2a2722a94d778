"""Catalog and course page renders at 10-year scale against a plain Django view.

Run with `make bench` (SQLite) or `BENCH_DATABASE_URL=postgres://... make bench`.
"""

import os

from common import measure, print_table, setup_django


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from cms.catalog.models import CoursePage, Session

    client = Client()
    busiest = (
        CoursePage.objects.live().annotate(n=Count("sessions")).order_by("-n").first()
    )
    print(
        f"database: {connection.vendor}; courses: {CoursePage.objects.count()}; "
        f"sessions: {Session.objects.count()}; busiest course has {busiest.n} sessions"
    )
    rows = [
        ("plain Django view (fixed string)", measure(client, "/bench/plain/")),
        ("catalog page 1", measure(client, "/catalog/")),
        (
            "catalog, filtered (category + open)",
            measure(client, "/catalog/?category=it&open=on"),
        ),
        ("catalog page 10", measure(client, "/catalog/?page=10")),
        (f"course page ({busiest.n} sessions)", measure(client, busiest.url)),
        ("home page", measure(client, "/")),
    ]
    print_table("Page renders, in-process WSGI (django.test.Client)", rows, rows[0][0])


if __name__ == "__main__":
    main()
