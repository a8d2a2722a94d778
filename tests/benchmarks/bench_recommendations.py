"""Nightly precomputation of recommendations for every trainee at 10-year scale
(target: 100,000 trainees in under 5 minutes), the request that reads them, and
the offline evaluation (target: recall@10 at least 1.5 times popularity's)."""

import os
import time

from common import setup_django, time_call


def main():
    setup_django(years=int(os.environ.get("BENCH_YEARS", "10")))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from portal.recommendations.evaluation import evaluate, report
    from portal.recommendations.models import StoredRecommendation
    from portal.recommendations.services import recommendations_precompute

    started = time.perf_counter()
    count = recommendations_precompute()
    elapsed = time.perf_counter() - started
    stored = StoredRecommendation.objects.count()
    user = get_user_model().objects.filter(recommendations__isnull=False).first()
    client = Client()
    client.force_login(user)
    request = time_call(lambda: client.get("/api/v1/me/recommendations/"))
    print(f"database: {connection.vendor}")
    print("\nRecommendations")
    print(
        f"{'trainees':>10} {'stored':>10} {'precompute s':>13} {'per 1k s':>9} {'request p50 ms':>15}"
    )
    print(
        f"{count:>10,} {stored:>10,} {elapsed:>13.1f} {elapsed / count * 1000:>9.2f} "
        f"{request['p50_ms']:>15.2f}"
    )
    started = time.perf_counter()
    evaluation = evaluate()
    print(f"\nOffline evaluation ({time.perf_counter() - started:.0f} s)")
    print(report(evaluation))
    ratio = evaluation.engine.recall / (evaluation.baseline.recall or 1e-9)
    print("target recall ratio >= 1.5:", "met" if ratio >= 1.5 else "NOT MET")
    print("target precompute < 300 s:", "met" if elapsed < 300 else "NOT MET")


if __name__ == "__main__":
    main()
