"""Catalog search at 10-year scale: latency of the query set and its quality
(target: p95 under 50 ms on PostgreSQL)."""

import os
import statistics

from common import setup_django


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    from django.core.management import call_command
    from django.db import connection

    from cms.catalog.models import CoursePage

    # The benchmark data was written without a task worker: index it now.
    call_command("update_index", verbosity=0)
    from tests.search.evaluation import evaluate

    for _ in range(2):
        evaluate()  # warm caches
    recall, mrr, misses, timings = evaluate()
    timings_ms = sorted(t * 1000 for t in timings)
    p95 = timings_ms[max(0, int(len(timings_ms) * 0.95) - 1)]
    print(
        f"database: {connection.vendor}; courses: {CoursePage.objects.live().count()}; "
        f"queries: {len(timings_ms)}"
    )
    print("\nCatalog search (embedded backend)")
    print(f"{'recall@10':>10} {'MRR':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    print(
        f"{recall:>10.3f} {mrr:>7.3f} {statistics.median(timings_ms):>10.2f} "
        f"{p95:>8.2f} {timings_ms[-1]:>8.2f}"
    )
    if misses:
        print("misses:", misses)


if __name__ == "__main__":
    main()
