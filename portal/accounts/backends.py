"""The password check every login face uses, limited by ``login_guard``."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .login_guard import LoginGuard, request_address

# Set on the request when a sign-in is refused for a lock; faces read it to answer
# "try again later" instead of "wrong password".
LOCK_ATTRIBUTE = "login_lock"


def login_lock(request):
    """The ``login_guard.Lock`` that refused this request's sign-in, if any."""
    return getattr(request, LOCK_ATTRIBUTE, None)


class GuardedModelBackend(ModelBackend):
    """Django's password check behind per-account and per-address limits."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        guard = LoginGuard()
        address = request_address(request)
        lock = guard.lock_for(username=username, address=address)
        if lock is None:
            user = super().authenticate(
                request, username=username, password=password, **kwargs
            )
            if user is not None:
                guard.succeeded(username=username)
                return user
            lock = guard.failed(username=username, address=address)
            if lock is None:
                return None
        if request is not None:
            setattr(request, LOCK_ATTRIBUTE, lock)
        # Stops the other backends too; authenticate() then reports a failure.
        raise PermissionDenied
