"""Shared set-up of the benchmarks: 10-year data and a timing loop."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django(years=10):
    """Configure Django on the benchmark database and build the data once."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=years)  # idempotent: only what is missing
    print(f"{years}-year data ready in {time.perf_counter() - started:.0f} s")


def time_call(fn, *, seconds=3.0, warmup=3):
    """Median and p95 wall time of calling ``fn`` repeatedly, in milliseconds."""
    for _ in range(warmup):
        fn()
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(timings) < 5:
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)] * 1000,
        "n": len(timings),
    }


def measure(client, url, *, seconds=3.0, warmup=5, **headers):
    """Requests per second and latency percentiles of GET ``url``."""
    for _ in range(warmup):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        response = client.get(url, **headers)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    return {
        "rps": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[int(len(timings) * 0.95) - 1] * 1000,
        "n": len(timings),
    }


def print_table(title, rows, baseline_label):
    base = next(r for label, r in rows if label == baseline_label)["rps"]
    print(f"\n{title}")
    print(f"{'request':<44} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'vs plain':>9}")
    for label, r in rows:
        print(
            f"{label:<44} {r['rps']:>9.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
            f"{r['rps'] / base:>8.1%}"
        )
