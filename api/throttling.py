"""Fixed-window rate limits: one counter per client and window, O(1) per request.

DRF's own throttles keep a log of every request of the window in the cache and
pickle it on each request, which costs more than serving a cached catalog read.
Clients are told apart by ``cms.core.net.client_ip`` (X-Forwarded-For only from a
trusted proxy), and the counts live in the shared cache of every worker.
Password guessing is not limited here but in ``portal.accounts.login_guard``.
"""

import time

from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from cms.core.net import client_ip


class _FixedWindowThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.wait_seconds = (window + 1) * self.duration - now
        key = f"{ident}:{window}"
        cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return self.wait_seconds

    def get_ident(self, request):
        return client_ip(request)


class AnonThrottle(_FixedWindowThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle:anon:{self.get_ident(request)}"


class CachedReadThrottle(_FixedWindowThrottle):
    """Anonymous catalog reads answered from the cache: cheap, so a whole bureau
    behind one address may make many (scope ``anon_cached``)."""

    scope = "anon_cached"

    def get_rate(self):
        rates = self.THROTTLE_RATES
        return rates.get(self.scope) or rates.get(AnonThrottle.scope)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle:anon_cached:{self.get_ident(request)}"


class UserThrottle(_FixedWindowThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle:user:{request.user.pk}"


class TokenObtainThrottle(_FixedWindowThrottle):
    """Token requests per client address, whatever the password; the lockouts for
    wrong passwords are the login guard's."""

    scope = "token"

    def get_cache_key(self, request, view):
        return f"throttle:token:{self.get_ident(request)}"
