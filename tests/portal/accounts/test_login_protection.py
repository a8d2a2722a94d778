"""Password guessing limits on the site login, the admin login and the API token.

These tests put the production limits back (the test settings raise them for the
rest of the suite) and keep the counts in the database cache every worker shares.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from cms.core.net import client_ip
from portal.accounts import login_guard
from portal.accounts.login_guard import ACCOUNT, ADDRESS, LoginGuard
from tests.factories.users import PASSWORD, make_user

RULES = {**login_guard.DEFAULTS, "CACHE": "security"}
ACCOUNT_LIMIT = RULES["ACCOUNT_LIMIT"]
ADDRESS_LIMIT = RULES["ADDRESS_LIMIT"]
BASE_LOCK = RULES["BASE_LOCK"]
DB_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "security": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "civiclearn_security_cache",
    },
}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


class Clock:
    """The guard's clock, moved forward by hand instead of sleeping."""

    def __init__(self):
        import time

        self.now = time.time()

    def time(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(login_guard, "time", fake)
    return fake


@pytest.fixture
def real_limits(db):
    with override_settings(
        LOGIN_PROTECTION=RULES, CACHES=DB_CACHES, TRUSTED_PROXIES=[]
    ):
        yield


@dataclass
class Outcome:
    state: str  # "ok", "wrong" or "locked"
    retry_after: int | None = None


def _meta(remote, forwarded):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return meta


class SiteFace:
    name = "site"

    def attempt(self, username, password, remote="198.51.100.10", forwarded=None):
        from django.test import Client

        client = Client()
        response = client.post(
            "/accounts/login/",
            {"username": username, "password": password},
            **_meta(remote, forwarded),
        )
        if response.status_code == 302:
            assert client.session.get("_auth_user_id")
            return Outcome("ok")
        form = response.context["form"]
        codes = [error.code for error in form.non_field_errors().as_data()]
        # The form keeps what was typed.
        assert form["username"].value() == username
        if codes == ["locked"]:
            assert response.status_code == 429
            return Outcome("locked", int(response["Retry-After"]))
        assert response.status_code == 200 and codes == ["invalid_login"]
        return Outcome("wrong")


class AdminFace:
    name = "admin"

    def attempt(self, username, password, remote="198.51.100.10", forwarded=None):
        from django.test import Client

        client = Client()
        response = client.post(
            "/admin/login/",
            {"username": username, "password": password},
            **_meta(remote, forwarded),
        )
        if response.status_code == 302:
            assert client.session.get("_auth_user_id")
            return Outcome("ok")
        form = response.context["form"]
        errors = form.non_field_errors().as_data()
        assert form["username"].value() == username
        if [error.code for error in errors] == ["locked"]:
            lock = form.lock
            return Outcome("locked", lock.retry_after)
        assert [error.code for error in errors] == ["invalid_login"]
        return Outcome("wrong")


class ApiFace:
    name = "api"

    def attempt(self, username, password, remote="198.51.100.10", forwarded=None):
        response = APIClient().post(
            "/api/v1/auth/token/",
            {"username": username, "password": password},
            format="json",
            **_meta(remote, forwarded),
        )
        if response.status_code == 201:
            return Outcome("ok")
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}
        if response.status_code == 429:
            assert error["code"] == "login_locked"
            return Outcome("locked", int(response["Retry-After"]))
        assert response.status_code == 400 and error["code"] == "invalid"
        return Outcome("wrong")


FACES = [SiteFace(), AdminFace(), ApiFace()]


@pytest.fixture(params=FACES, ids=lambda face: face.name)
def face(request, real_limits, clock):
    return request.param


@pytest.fixture
def victim(db):
    return make_user("victim", is_staff=True, is_superuser=True)


def _forged():
    return f"203.0.113.{uuid.uuid4().int % 250 + 1}"


# Per account ---------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_whatever_the_forwarded_address(face, victim):
    outcomes = [
        face.attempt("victim", "guess", forwarded=_forged())
        for _ in range(ACCOUNT_LIMIT)
    ]
    assert [o.state for o in outcomes] == ["wrong"] * (ACCOUNT_LIMIT - 1) + ["locked"]
    assert outcomes[-1].retry_after == BASE_LOCK
    # The right password is refused too while the lock lasts, from anywhere.
    assert face.attempt("victim", PASSWORD, remote="192.0.2.77").state == "locked"


def test_a_lock_is_logged_with_the_address_and_never_the_typed_name(
    face, victim, caplog
):
    with caplog.at_level("WARNING", logger="civiclearn.security"):
        for _ in range(ACCOUNT_LIMIT):
            face.attempt("victim", "guess", remote="192.0.2.50")
    locks = [r for r in caplog.records if r.name == "civiclearn.security"]
    assert len(locks) == 1
    assert "192.0.2.50" in locks[0].getMessage()
    assert "victim" not in locks[0].getMessage()


def test_account_lock_does_not_depend_on_the_address(face, victim):
    for n in range(ACCOUNT_LIMIT - 1):
        assert face.attempt("victim", "guess", remote=f"192.0.2.{n + 1}").state == (
            "wrong"
        )
    assert face.attempt("victim", "guess", remote="192.0.2.99").state == "locked"
    # Another account from the same addresses is not affected.
    make_user("bystander")
    assert face.attempt("bystander", PASSWORD, remote="192.0.2.99").state == "ok"


def test_unknown_usernames_lock_like_real_ones(face, db):
    outcomes = [face.attempt("nobody", "guess") for _ in range(ACCOUNT_LIMIT)]
    assert outcomes[-1].state == "locked"


def test_back_off_grows_with_each_failure_after_the_lock(face, victim, clock):
    for _ in range(ACCOUNT_LIMIT):
        last = face.attempt("victim", "guess", forwarded=_forged())
    waits = [last.retry_after]
    for _ in range(3):
        clock.advance(waits[-1] + 1)
        outcome = face.attempt("victim", "guess")
        assert outcome.state == "locked"
        waits.append(outcome.retry_after)
    assert waits == [BASE_LOCK, 2 * BASE_LOCK, 4 * BASE_LOCK, 8 * BASE_LOCK]


def test_back_off_stops_at_the_maximum(clock, real_limits):
    guard = LoginGuard()
    waits = []
    for _ in range(ACCOUNT_LIMIT + 20):
        lock = guard.failed(username="victim", address=None)
        if lock:
            waits.append(lock.retry_after)
            clock.advance(lock.retry_after + 1)
    assert max(waits) == RULES["MAX_LOCK"] and waits[-1] == RULES["MAX_LOCK"]


def test_right_password_works_after_the_cool_off_and_clears_the_count(
    face, victim, clock
):
    for _ in range(ACCOUNT_LIMIT):
        last = face.attempt("victim", "guess")
    assert last.state == "locked"
    clock.advance(last.retry_after - 5)
    assert face.attempt("victim", PASSWORD).state == "locked"
    clock.advance(10)
    assert face.attempt("victim", PASSWORD).state == "ok"
    # A fresh start: the next mistake is just a mistake.
    assert face.attempt("victim", "typo").state == "wrong"


# Per address ---------------------------------------------------------------------


@pytest.mark.slow
def test_many_accounts_from_one_address_lock_the_address(face, db):
    make_user("fresh")
    outcomes = [
        face.attempt(f"user{n}", "guess", remote="198.51.100.50", forwarded=_forged())
        for n in range(ADDRESS_LIMIT)
    ]
    assert [o.state for o in outcomes[:-1]] == ["wrong"] * (ADDRESS_LIMIT - 1)
    assert outcomes[-1].state == "locked"
    # Even a right password from that address waits; other addresses do not.
    assert face.attempt("fresh", PASSWORD, remote="198.51.100.50").state == "locked"
    assert face.attempt("fresh", PASSWORD, remote="198.51.100.51").state == "ok"


def test_a_shared_address_tolerates_many_staff_typing_mistakes(real_limits):
    # A bureau behind one egress address: far more mistakes than one account's
    # limit, spread over many people, before the address is locked.
    assert ADDRESS_LIMIT >= 10 * ACCOUNT_LIMIT
    guard = LoginGuard()
    for n in range(ADDRESS_LIMIT - 1):
        assert guard.failed(username=f"clerk{n}", address="198.51.100.60") is None
    assert guard.lock_for(username="clerk-new", address="198.51.100.60") is None


# Proxies -------------------------------------------------------------------------


@pytest.mark.slow
def test_forwarded_address_counts_only_from_a_trusted_proxy(face, db):
    make_user("fresh")
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        for n in range(ADDRESS_LIMIT):
            last = face.attempt(
                f"user{n}",
                "guess",
                remote="10.1.2.3",
                # The client's own entries (left) are ignored; the proxy's (right)
                # names the real client.
                forwarded=f"{_forged()}, 198.51.100.70",
            )
        assert last.state == "locked"
        assert (
            face.attempt(
                "fresh", PASSWORD, remote="10.1.2.3", forwarded="198.51.100.70"
            ).state
            == "locked"
        )
        # Another client behind the same proxy is another address.
        assert (
            face.attempt(
                "fresh", PASSWORD, remote="10.1.2.3", forwarded="198.51.100.71"
            ).state
            == "ok"
        )


def test_client_ip_ignores_forwarded_for_from_untrusted_peers():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    with override_settings(TRUSTED_PROXIES=[]):
        assert client_ip(request) == "198.51.100.1"
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_ip(request) == "198.51.100.1"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "203.0.113.5, 10.0.0.9", "203.0.113.5"),
        ("10.0.0.1", "203.0.113.5 , 10.0.0.9,10.0.0.8", "203.0.113.5"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("10.0.0.1", "2001:db8::1", "2001:db8::1"),
        ("::ffff:10.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),
    ],
)
def test_client_ip_takes_the_right_most_untrusted_hop(remote, forwarded, expected):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "::ffff:10.0.0.0/104"]):
        assert client_ip(request) == expected


def test_api_rate_limits_ignore_forged_forwarded_for(db):
    from api.throttling import AnonThrottle

    factory = RequestFactory()
    throttle = AnonThrottle()
    idents = {
        throttle.get_ident(
            factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=_forged())
        )
        for _ in range(5)
    }
    assert idents == {"198.51.100.9"}


# Shared by every worker ----------------------------------------------------------


def _two_workers(make_cache):
    return LoginGuard(cache=make_cache()), LoginGuard(cache=make_cache())


def _lock_seen_by_the_other(first, second):
    for _ in range(ACCOUNT_LIMIT - 1):
        assert first.failed(username="victim", address="192.0.2.1") is None
    # Worker two counts on from worker one's tally.
    lock = second.failed(username="victim", address="192.0.2.2")
    assert lock is not None and lock.kind == ACCOUNT
    seen = first.lock_for(username="victim", address="192.0.2.3")
    assert seen is not None and seen.kind == ACCOUNT
    first.succeeded(username="victim")
    assert second.lock_for(username="victim", address="192.0.2.3") is None


def test_database_cache_shares_the_lock_between_workers(real_limits):
    first, second = _two_workers(lambda: DatabaseCache("civiclearn_security_cache", {}))
    assert first.cache is not second.cache
    _lock_seen_by_the_other(first, second)


def test_redis_cache_shares_the_lock_between_workers(real_limits):
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = _two_workers(lambda: RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}))
    try:
        _lock_seen_by_the_other(first, second)
        # The address's tally survives the account's success.
        assert first.cache.get("login:fail:address:192.0.2.1") == ACCOUNT_LIMIT - 1
    finally:
        client = first.cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_the_logins_keep_their_counts_in_the_shared_cache(real_limits, victim):
    ApiFace().attempt("victim", "guess")
    SiteFace().attempt("victim", "guess")
    AdminFace().attempt("victim", "guess")
    # Another process reading the same table sees all three failures.
    other = DatabaseCache("civiclearn_security_cache", {})
    keys = [k for k in _db_cache_keys() if k.startswith(":1:login:fail:account:")]
    assert len(keys) == 1
    assert other.get(keys[0][len(":1:") :]) == 3


def _db_cache_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM civiclearn_security_cache")
        return [row[0] for row in cursor.fetchall()]


# Settings ------------------------------------------------------------------------


def _base_settings(tmp_path, **env):
    """What the base settings make of this environment."""
    code = (
        "import json; import cms.settings.base as b;"
        "print(json.dumps({'caches': {a: c['BACKEND'] for a, c in b.CACHES.items()},"
        "'rates': b.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']}))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_CACHE_URL", "REDIS_URL", "DATABASE_URL"}
    }
    environment.update(DJANGO_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _caches_in_subprocess(tmp_path, **env):
    return _base_settings(tmp_path, **env)["caches"]


def test_login_counts_are_in_the_database_by_default_and_redis_when_configured(
    tmp_path,
):
    database = "django.core.cache.backends.db.DatabaseCache"
    memory = "django.core.cache.backends.locmem.LocMemCache"
    redis = "django.core.cache.backends.redis.RedisCache"
    assert _caches_in_subprocess(tmp_path) == {
        "default": memory,
        "security": database,
    }
    for variable in ("REDIS_URL", "DJANGO_CACHE_URL"):
        assert _caches_in_subprocess(tmp_path, **{variable: REDIS_URL}) == {
            "default": redis,
            "security": redis,
        }


def test_anonymous_reads_are_sized_for_a_bureau_behind_one_address(tmp_path):
    from rest_framework.throttling import SimpleRateThrottle

    rates = _base_settings(tmp_path)["rates"]
    per_minute = {
        scope: count * 60 / seconds
        for scope, (count, seconds) in (
            (scope, SimpleRateThrottle.parse_rate(None, rate))
            for scope, rate in rates.items()
        )
    }
    # Hundreds of people browsing at once from one egress address.
    assert per_minute["anon"] >= 600
    assert per_minute["anon_cached"] >= 10 * per_minute["anon"]


def test_the_cache_tables_exist_after_migrate(db):
    from django.db import connection

    tables = connection.introspection.table_names()
    assert "civiclearn_security_cache" in tables


def test_the_lock_kinds_are_told_apart(real_limits, clock):
    guard = LoginGuard()
    for _ in range(ACCOUNT_LIMIT):
        lock = guard.failed(username="victim", address="192.0.2.1")
    assert lock.kind == ACCOUNT
    for n in range(ADDRESS_LIMIT):
        lock = guard.failed(username=f"other{n}", address="192.0.2.200")
    assert lock.kind == ADDRESS


def test_only_client_ip_reads_the_client_address():
    # Limits, lockouts and logs (download records) all name the same address.
    root = Path(__file__).resolve().parents[3]
    readers = sorted(
        str(path.relative_to(root))
        for package in ("api", "cms", "portal", "search")
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"REMOTE_ADDR|X_FORWARDED_FOR|NUM_PROXIES", path.read_text())
    )
    assert readers == ["cms/core/net.py"]
