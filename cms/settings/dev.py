"""Local development: DEBUG on, a fixed throwaway secret, console e-mail."""

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-civiclearn")
PERSONAL_ID_HASH_KEY = os.environ.get(
    "DJANGO_PERSONAL_ID_HASH_KEY", "dev-only-personal-id-hash-key"
)
# A throwaway key (base64 of 32 bytes of "dev-only-personal-id-key-0000000").
PERSONAL_ID_KEYS = os.environ.get(
    "DJANGO_PERSONAL_ID_KEYS", "dev1:ZGV2LW9ubHktcGVyc29uYWwtaWQta2V5LTAwMDAwMDA="
)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# runserver and the test client serve static files themselves.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]
