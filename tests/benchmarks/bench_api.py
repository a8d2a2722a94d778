"""The API's course listing against Wagtail's pages APIs and a plain view returning
the same bytes, at 10-year scale (target: 2x Wagtail's listing, 40% of plain)."""

import os

from common import measure, print_table, setup_django


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    import urls
    from django.db import connection
    from django.test import Client

    client = Client()
    ours = "/api/v1/courses/?limit=20"
    urls.PLAIN_BODY["bytes"] = client.get(ours).content
    print(
        f"database: {connection.vendor}; response of {ours}: {len(urls.PLAIN_BODY['bytes']):,} bytes"
    )
    rows = [
        ("plain view, same bytes", measure(client, "/bench/plain/")),
        ("GET /api/v1/courses/?limit=20 (sessions embedded)", measure(client, ours)),
        (
            "Wagtail API v2 pages, type=CoursePage, fields=*",
            measure(client, "/api/v2/pages/?type=catalog.CoursePage&fields=*&limit=20"),
        ),
        (
            "Wagtail API v3 pages, type=CoursePage",
            measure(client, "/api/v3/pages/?type=catalog.CoursePage&limit=20"),
        ),
    ]
    print_table("API listing, in-process WSGI (django.test.Client)", rows, rows[0][0])
    v1, v2 = rows[1][1]["rps"], rows[2][1]["rps"]
    print(f"\nv1 courses vs Wagtail v2 listing: {v1 / v2:.2f}x")


if __name__ == "__main__":
    main()
