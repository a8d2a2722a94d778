"""Benchmark settings: the dev stack with DEBUG off, on its own database."""

import os

os.environ.setdefault("DJANGO_SQLITE_PATH", "var/bench.sqlite3")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

from cms.settings.dev import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.benchmarks.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "1000000/minute",
        "anon_cached": "1000000/minute",
        "user": "1000000/minute",
        "token": "1000/minute",
    },
}
