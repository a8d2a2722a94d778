"""Password guessing limits, per account and per client address, with back-off.

Every password check (site login, admin login, API token) goes through
``GuardedModelBackend``, which asks this module first. The counts live in a cache
that all workers share (the database or Redis, ``LOGIN_PROTECTION["CACHE"]``), so
no worker keeps its own tally, and the address comes from ``cms.core.net``, so a
forged X-Forwarded-For does not start a new count.

A count reaching its limit locks for ``BASE_LOCK`` seconds; each further failure
after that doubles the lock, up to ``MAX_LOCK``. Attempts during a lock are refused
without checking the password. A success clears the account's count (never the
address's: a guesser could otherwise reset it with an account of their own).
Failures are forgotten ``FAILURE_MEMORY`` seconds after the last one.

The address limit is far above the account limit: a bureau's thousands of staff
may share one egress address, and their typing mistakes must not lock them all out.

Redis counts atomically. The database cache's increment reads then writes, so
failures arriving at the same instant may count once: a burst run in parallel on
every worker can try up to (workers x limit) passwords before a lock; with Redis,
exactly the limit.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import ngettext_lazy

from cms.core.net import client_ip

DEFAULTS = {
    "CACHE": "security",
    "ACCOUNT_LIMIT": 5,
    "ADDRESS_LIMIT": 100,
    "BASE_LOCK": 60,
    "MAX_LOCK": 3600,
    "FAILURE_MEMORY": 86400,
}

ACCOUNT = "account"
ADDRESS = "address"

logger = logging.getLogger("civiclearn.security")


def policy() -> dict:
    return {**DEFAULTS, **getattr(settings, "LOGIN_PROTECTION", {})}


@dataclass(frozen=True)
class Lock:
    """Why and for how long sign-ins are refused."""

    kind: str  # ACCOUNT or ADDRESS
    retry_after: int  # whole seconds, at least 1


def lock_message(lock: Lock) -> str:
    """Too many attempts, try again in N minutes: in the user's language."""
    minutes = max(1, -(-lock.retry_after // 60))
    if lock.kind == ADDRESS:
        text = ngettext_lazy(
            "Too many failed sign-ins from your network. Try again in %(minutes)d "
            "minute.",
            "Too many failed sign-ins from your network. Try again in %(minutes)d "
            "minutes.",
            "minutes",
        )
    else:
        text = ngettext_lazy(
            "Too many failed sign-ins to this account. Try again in %(minutes)d "
            "minute.",
            "Too many failed sign-ins to this account. Try again in %(minutes)d "
            "minutes.",
            "minutes",
        )
    return text % {"minutes": minutes}


def _subjects(username: str | None, address: str | None) -> list[tuple[str, str]]:
    subjects = []
    if username:
        name = username.strip().casefold()
        subjects.append((ACCOUNT, hashlib.sha256(name.encode()).hexdigest()))
    if address:
        subjects.append((ADDRESS, address))
    return subjects


def lock_seconds(failures: int, limit: int, rules: dict) -> int:
    """The lock after ``failures`` failures: none below the limit, then doubling."""
    if failures < limit:
        return 0
    doublings = min(failures - limit, 32)
    return min(rules["BASE_LOCK"] * 2**doublings, rules["MAX_LOCK"])


class LoginGuard:
    """The counts and locks in one cache; a second instance over the same cache
    (another worker) sees the same state."""

    def __init__(self, cache=None):
        self.rules = policy()
        self.cache = cache if cache is not None else caches[self.rules["CACHE"]]

    def _limit(self, kind: str) -> int:
        return self.rules["ACCOUNT_LIMIT" if kind == ACCOUNT else "ADDRESS_LIMIT"]

    def lock_for(self, *, username: str | None, address: str | None) -> Lock | None:
        """The longest lock on the account or the address, if any."""
        now = time.time()
        keys = {
            f"login:lock:{kind}:{ident}": kind
            for kind, ident in _subjects(username, address)
        }
        found = None
        for key, until in self.cache.get_many(list(keys)).items():
            remaining = float(until) - now
            if remaining > 0 and (found is None or remaining > found.retry_after):
                found = Lock(kind=keys[key], retry_after=max(1, math.ceil(remaining)))
        return found

    def failed(self, *, username: str | None, address: str | None) -> Lock | None:
        """Count one wrong password; returns the lock it starts, if any."""
        memory = self.rules["FAILURE_MEMORY"]
        started = None
        for kind, ident in _subjects(username, address):
            key = f"login:fail:{kind}:{ident}"
            self.cache.add(key, 0, timeout=memory)
            try:
                count = self.cache.incr(key)
            except ValueError:  # expired between add and incr
                self.cache.set(key, 1, timeout=memory)
                count = 1
            self.cache.touch(key, timeout=memory)
            seconds = lock_seconds(count, self._limit(kind), self.rules)
            if seconds:
                self.cache.set(
                    f"login:lock:{kind}:{ident}", time.time() + seconds, seconds + 1
                )
                if started is None or seconds > started.retry_after:
                    started = Lock(kind=kind, retry_after=seconds)
        if started is not None:
            # The account appears as its hash only: a typed password mistaken for a
            # user name must not land in the log.
            logger.warning(
                "sign-ins locked: %s for %d s after failures from %s (account %s)",
                started.kind,
                started.retry_after,
                address or "-",
                _subjects(username, None)[0][1][:12] if username else "-",
            )
        return started

    def succeeded(self, *, username: str | None) -> None:
        """Forget the account's failures after a correct password."""
        for kind, ident in _subjects(username, None):
            self.cache.delete_many(
                [f"login:fail:{kind}:{ident}", f"login:lock:{kind}:{ident}"]
            )


def request_address(request) -> str | None:
    return client_ip(request) if request is not None else None
