"""Test settings: fast hashing, in-memory e-mail, tasks run when enqueued."""

import tempfile

from .base import *

SECRET_KEY = "test-not-secret"
PERSONAL_ID_HASH_KEY = "test-personal-id-hash-key"
PERSONAL_ID_KEYS = "test1:dGVzdC1vbmx5LXBlcnNvbmFsLWlkLWtleS0wMDAwMDA="
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="civiclearn-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="civiclearn-test-private-"))
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
if not DATABASE_URL:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# runserver and the test client serve static files themselves.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/minute",
        "user": "100000/minute",
        "anon_cached": "100000/minute",
        "token": "100000/minute",
    },
}
# Per-process caches, emptied before each test (tests/conftest.py); the login
# protection tests put the database and Redis caches and real limits back.
CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"test-{alias}",
    }
    for alias in ("default", "security")
}
LOGIN_PROTECTION = {**LOGIN_PROTECTION, "ACCOUNT_LIMIT": 1000, "ADDRESS_LIMIT": 10000}
CATALOG_STATE_TTL = 0  # tests see every change at once
# Seals with a generated development seal under VAR_DIR/seal (no key files in tests).
AUTHORIZATION_SEAL_DEVELOPMENT = True
