"""Settings shared by every environment; secrets and hosts come from DJANGO_* variables."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Keyed hashes of national ID numbers; rotating it means re-hashing every record.
PERSONAL_ID_HASH_KEY = os.environ.get("DJANGO_PERSONAL_ID_HASH_KEY", "")
# Keys that encrypt national ID numbers at rest (portal/accounts/id_vault.py):
# "id:base64-of-32-bytes" pairs, comma-separated, the first one current. Older keys
# stay listed until `manage.py personal_ids_rekey` has moved every record off them.
PERSONAL_ID_KEYS = os.environ.get("DJANGO_PERSONAL_ID_KEYS", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms.core",
    "cms.home",
    "cms.news",
    "cms.catalog",
    "cms.handouts",
    "portal.recommendations",
    "portal.licensing",
    "portal.accounts",
    "portal.sso",
    "portal.enrolment",
    "portal.records",
    "portal.notifications",
    "portal.classday",
    "portal.surveys",
    "portal.lecturers",
    "portal.fees",
    "portal.authorizations",
    "portal.certificates",
    "portal.feedback",
    "portal.exchanges",
    "portal.hour_uploads",
    "portal.elearning",
    "portal.scheduler",
    "portal.hr_sync",
    "portal.volunteers",
    "portal.demo",
    "search",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.core.csp.PolicyMiddleware",
    "cms.core.badinput.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.accounts.middleware.AdminScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
CSRF_FAILURE_VIEW = "cms.core.views.csrf_failure"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.core.context_processors.navigation",
                "cms.core.context_processors.viewer",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Pooled connections are checked before reuse: after a database restart a
    # stale one is replaced instead of failing the request that picks it up.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=60, conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get(
                "DJANGO_SQLITE_PATH", VAR_DIR / "civiclearn.sqlite3"
            ),
            "OPTIONS": {
                # Deferred transactions lose concurrent writes ("database is locked"
                # on upgrade to a write lock); IMMEDIATE takes the lock up front.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Traditional Chinese first, English second.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "themes" / "static"]
# /media/ publishes images only: these folders of MEDIA_ROOT (Wagtail's originals,
# renditions and avatars) and nothing else, in development and behind the web server.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_PUBLIC_DIRS = ["original_images", "images", "avatar_images"]
# Handout files live outside MEDIA_ROOT where no URL maps to them; they leave only
# through views that check access (cms.handouts.storage). Never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", VAR_DIR / "private")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "cms.handouts.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background work: Django's task API with the database backend and `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "CivicLearn"
WAGTAILADMIN_BASE_URL = os.environ.get("DJANGO_BASE_URL", "http://127.0.0.1:8000")
# Search: Wagtail's database backend by default (SQLite FTS5 / PostgreSQL), fed
# Chinese-aware text (search.analysis); Elasticsearch 8 when configured, for page
# search and for the catalog's own index (search.documents).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_CATALOG_ALIAS = os.environ.get(
    "ELASTICSEARCH_CATALOG_ALIAS", "civiclearn-courses"
)
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL or "http://localhost:9200"],
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "civiclearn"),
            "TIMEOUT": 10,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Handouts: a custom document model, served only through Wagtail's view so that
# the visibility checks in cms.handouts run on every download.
WAGTAILDOCS_DOCUMENT_MODEL = "handouts.Handout"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.handouts.forms.HandoutForm"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "pptx",
    "ppt",
    "xlsx",
    "xls",
    "odt",
    "odp",
    "ods",
    "txt",
    "csv",
    "zip",
    "mp4",
    "mp3",
    "jpg",
    "jpeg",
    "png",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Everything downloads as an attachment; nothing renders inline in our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

CATALOG_PAGE_SIZE = 12
# Seconds a process may reuse the catalog's version for ETags and cached API
# reads; a change made in the same process is seen at once.
CATALOG_STATE_TTL = float(os.environ.get("DJANGO_CATALOG_STATE_TTL", "1"))

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, cms.core.csp): nothing inline on the site;
# the admin and the API docs get what their own templates need (cms.core.csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
}
# No third-party avatars in the admin: the policy allows our own images only, and
# gravatar would learn the hashed e-mail of every staff member.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "noreply@civiclearn.local"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The versioned HTTP API (api/): DRF with drf-spectacular's OpenAPI 3 schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        # Per client address: a bureau's staff may share one egress address, so
        # reads are generous and cached catalog reads (served from memory) more so.
        # Password guessing has its own limits (LOGIN_PROTECTION).
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "600/minute"),
        "anon_cached": os.environ.get("DJANGO_API_ANON_CACHED_RATE", "12000/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "1200/minute"),
        "token": "20/minute",
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CivicLearn API",
    "DESCRIPTION": (
        "Everything a person can do on the CivicLearn portal, for programs: the course "
        "catalog, enrolment, study hours, agency administration and handouts. "
        "Authenticate with a session or with `Authorization: Bearer <token>` "
        "(POST /api/v1/auth/token/). Errors share one shape: "
        '`{"error": {"code", "message", "fields"}}`; messages follow Accept-Language.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # OpenAPI 3.1 (JSON Schema 2020-12): a nullable object is oneOf [it, null],
    # which 3.0's `nullable` beside `allOf` cannot say strictly.
    "OAS_VERSION": "3.1.0",
    # cms.core.converters: identifiers the database can hold, segments without NUL.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
        "text": {"type": "string", "pattern": "^[^/\\x00-\\x1f\\x7f]+$"},
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.nullable_as_31",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "cms.catalog.models.SessionStatus",
        "EnrolmentStatusEnum": "portal.enrolment.models.EnrolmentStatus",
        "DeliveryModeEnum": "cms.catalog.models.DeliveryMode",
        "AttendanceEnum": "portal.records.models.Attendance",
        "EnrolmentSourceEnum": "portal.enrolment.models.EnrolmentSource",
        "CheckKindEnum": ["in", "out"],
        "QuestionKindEnum": ["likert", "choice", "text", "lecturer"],
        "LicenseStatusEnum": [
            "submitted",
            "under_review",
            "approved",
            "refused",
            "granted",
        ],
        "LeaveStatusEnum": ["pending", "approved", "refused", "dropped"],
        "VoteStatusEnum": ["open", "closed", "published"],
        "MaterialStatusEnum": ["submitted", "accepted", "returned", "withdrawn"],
        "AuthorizationStatusEnum": "portal.authorizations.models.Status",
        "AuthorizationSourceEnum": "portal.authorizations.models.Source",
        "CertificateStatusEnum": "portal.certificates.models.CertificateStatus",
        "CertificateLanguageEnum": "portal.certificates.models.Language",
        "LecturerCategoryEnum": "portal.lecturers.models.LecturerCategory",
        "FeeStatementStatusEnum": "portal.fees.models.StatementStatus",
        "SuggestionStatusEnum": "portal.feedback.models.Status",
        "SuggestionTopicEnum": "portal.feedback.models.Topic",
        "SuggestionStatusChangeEnum": ["in_progress", "closed"],
    },
}
# Headless front ends on other origins: none unless configured.
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
WAGTAILAPI_LIMIT_MAX = 100
HANDOUT_LINK_MAX_AGE = int(os.environ.get("DJANGO_HANDOUT_LINK_MAX_AGE", "600"))
# Days a granted license's download links stay valid.
LICENSE_LINK_DAYS = int(os.environ.get("DJANGO_LICENSE_LINK_DAYS", "30"))
# Seconds a check-in QR code stays valid; the screen shows a new one well before.
CHECKIN_TOKEN_MAX_AGE = int(os.environ.get("DJANGO_CHECKIN_TOKEN_MAX_AGE", "90"))
# Certificates due are issued for sessions over (or records changed) in this
# many days (portal.certificates, certificates_issue_due).
CERTIFICATE_ISSUE_WINDOW_DAYS = int(
    os.environ.get("DJANGO_CERTIFICATE_ISSUE_WINDOW_DAYS", "60")
)

# Caches. "security" (login lockouts, import turns) must be shared by every worker:
# Redis when configured, else a table in the database (made by the accounts
# migrations). "default" (cached catalog reads, API read rates) is Redis too when
# configured, else each process's memory: a database round trip per read would
# halve the catalog's throughput, and the catalog version in every key keeps
# per-process copies right.
CACHE_URL = os.environ.get("DJANGO_CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": f"civiclearn-{alias}",
        }
        for alias in ("default", "security")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "civiclearn",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "security": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "civiclearn_security_cache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }
# Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed
# (cms.core.net.client_ip); from anyone else the header is ignored.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
# Password guessing limits of every login (portal.accounts.login_guard).
AUTHENTICATION_BACKENDS = ["portal.accounts.backends.GuardedModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.AdminLoginForm"
LOGIN_PROTECTION = {
    "CACHE": "security",
    "ACCOUNT_LIMIT": int(os.environ.get("DJANGO_LOGIN_ACCOUNT_LIMIT", "5")),
    "ADDRESS_LIMIT": int(os.environ.get("DJANGO_LOGIN_ADDRESS_LIMIT", "100")),
    "BASE_LOCK": 60,
    "MAX_LOCK": 3600,
    "FAILURE_MEMORY": 86400,
}
# Single sign-on with the city's OpenID Connect provider (portal.sso,
# mozilla-django-oidc): off unless DJANGO_OIDC_ISSUER is set; then the login pages
# offer the city account first, and local passwords keep working. The issuer's
# /.well-known/openid-configuration gives the endpoints (cached, OIDC_TIMEOUT).
OIDC_ISSUER = os.environ.get("DJANGO_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("DJANGO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("DJANGO_OIDC_CLIENT_SECRET", "")
# email (needs email_verified), employee_number or national_id (hashed at once);
# "kind:claim" when the provider names the claim otherwise, e.g. national_id:idNo.
OIDC_LINK_CLAIM = os.environ.get("DJANGO_OIDC_LINK_CLAIM", "email")
# Unknown people are refused unless this is set: then they get a bare account
# (no password, no role, no profile) for the institute to complete.
OIDC_CREATE_USERS = os.environ.get("DJANGO_OIDC_CREATE_USERS", "").lower() in (
    "1",
    "true",
    "yes",
)
OIDC_RP_SCOPES = os.environ.get("DJANGO_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("DJANGO_OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = os.environ.get("DJANGO_OIDC_USE_PKCE", "1").lower() in (
    "1",
    "true",
    "yes",
)
OIDC_TIMEOUT = 5
OIDC_DISCOVERY_CACHE_SECONDS = 3600
OIDC_CLOCK_LEEWAY = 60
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
if OIDC_ISSUER:
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "portal.sso.backends.CityAccountBackend",
    ]
    MIDDLEWARE = [*MIDDLEWARE, "portal.sso.middleware.ProviderLogoutMiddleware"]
    # Signing out (a form) redirects to the provider's logout: browsers apply
    # form-action to that redirect.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
        "'self'",
        f"{_issuer.scheme}://{_issuer.netloc}",
    ]
# Staff list uploads and imports per user and hour (portal.accounts.imports).
STAFF_IMPORTS_PER_HOUR = int(os.environ.get("DJANGO_STAFF_IMPORTS_PER_HOUR", "20"))

# Periodic work, run by one `manage.py scheduler` process (make run starts it).
# Each job: the management command, its arguments and a crontab schedule in TIME_ZONE.
PERIODIC_JOBS = {
    "publish_scheduled": {"command": "publish_scheduled", "cron": "* * * * *"},
    "surveys_release": {"command": "surveys_release", "cron": "* * * * *"},
    "tasks_sweep": {"command": "tasks_sweep", "cron": "*/5 * * * *"},
    "exchanges_sweep": {"command": "exchanges_sweep", "cron": "*/5 * * * *"},
    "certificates_issue_due": {
        "command": "certificates_issue_due",
        "cron": "*/10 * * * *",
    },
    "reminders_send": {"command": "reminders_send", "cron": "0 7 * * *"},
    "recommendations_precompute": {
        "command": "recommendations_precompute",
        "cron": "30 2 * * *",
    },
    "prune_task_results": {
        "command": "prune_db_task_results",
        "args": [
            "--queue-name",
            "*",
            "--min-age-days",
            "14",
            "--failed-min-age-days",
            "60",
        ],
        "cron": "15 3 * * *",
    },
    "prune_job_runs": {"command": "scheduler_prune", "cron": "45 3 * * *"},
    # Does nothing unless ELEARNING["URL"] and ["TOKEN"] are set.
    "elearning_pull": {"command": "elearning_pull", "cron": "20 * * * *"},
    # Does nothing until DJANGO_HR_FEED names the HR system's feed.
    "hr_sync": {"command": "hr_sync", "cron": "30 6 * * *"},
    "volunteers_sweep": {"command": "volunteers_sweep", "cron": "*/15 * * * *"},
    "volunteers_remind": {"command": "volunteers_remind", "cron": "0 17 * * *"},
    "volunteers_weekly_note": {
        "command": "volunteers_remind",
        "args": ["--weekly"],
        "cron": "0 8 * * 1",
    },
}

# Volunteers (portal.volunteers): a volunteer cancels a shift until this many
# hours before it starts (then only the coordinator); a shift's allowance (in NTD)
# is earned when both clock times fall within the tolerance of the shift's start
# and end; a post's code is scanned from this many minutes before the start.
VOLUNTEER_RULES = {
    "CANCEL_HOURS_BEFORE": int(os.environ.get("DJANGO_VOLUNTEER_CANCEL_HOURS", "48")),
    "ALLOWANCE": int(os.environ.get("DJANGO_VOLUNTEER_ALLOWANCE", "120")),
    "ALLOWANCE_TOLERANCE_MINUTES": int(
        os.environ.get("DJANGO_VOLUNTEER_ALLOWANCE_TOLERANCE", "30")
    ),
    "CLOCK_IN_EARLY_MINUTES": 60,
}

# The HR system's daily feed (portal.hr_sync): a folder the HR system drops files
# in (the newest .csv, .xlsx or .json is read) or an http(s) URL to fetch, with
# an optional bearer token; reports and alerts go to REPORT_TO (default: the
# active superusers' addresses).
HR_SYNC = {
    "SOURCE": os.environ.get("DJANGO_HR_FEED", ""),
    "TOKEN": os.environ.get("DJANGO_HR_FEED_TOKEN", ""),
    "REPORT_TO": [
        address.strip()
        for address in os.environ.get("DJANGO_HR_SYNC_REPORT_TO", "").split(",")
        if address.strip()
    ],
    "TIMEOUT": 60,
    "MAX_BYTES": 100 * 1024 * 1024,
    "MAX_ROWS": 200_000,
}

# The institute's training rules, where a course or session sets none
# (portal.enrolment, portal.classday, portal.records): lateness counts from the
# first period's start plus the grace time; leave above the share of the class
# hours (rounded up to whole hours) withdraws the trainee; reminders of blended
# classes; grade bands of courses without a grade scheme.
# E-learning completions (portal.elearning): the Moodle-compatible web service
# that elearning_pull asks (off while the URL or token is empty), its timeout in
# seconds, and the days after a session's last day a completion still counts.
ELEARNING = {
    "URL": os.environ.get("DJANGO_ELEARNING_URL", ""),
    "TOKEN": os.environ.get("DJANGO_ELEARNING_TOKEN", ""),
    "TIMEOUT": float(os.environ.get("DJANGO_ELEARNING_TIMEOUT", "20")),
    "GRACE_DAYS": int(os.environ.get("DJANGO_ELEARNING_GRACE_DAYS", "30")),
}

TRAINING_RULES = {
    "LATENESS_GRACE_MINUTES": int(
        os.environ.get("DJANGO_LATENESS_GRACE_MINUTES", "20")
    ),
    "LEAVE_SHARE": os.environ.get("DJANGO_LEAVE_SHARE", "1/5"),
    # Trainees withdraw themselves until this many days before the start (then:
    # leave on the class-day page); HR offices follow the session's change rules.
    "SELF_WITHDRAWAL_DAYS_BEFORE": int(
        os.environ.get("DJANGO_SELF_WITHDRAWAL_DAYS_BEFORE", "1")
    ),
    # Seat exchange (portal.exchanges): True gives an offered seat to the first on
    # the waiting list, when anyone waits, instead of to a colleague.
    "EXCHANGE_WAITLIST_FIRST": os.environ.get(
        "DJANGO_EXCHANGE_WAITLIST_FIRST", ""
    ).lower()
    in ("1", "true", "yes"),
    # Blended classes: days before the start to remind trainees to sign up for the
    # online part; days from the start (negative: before) to remind those who
    # have not finished it.
    "BLENDED_SIGNUP_REMINDER_DAYS": (10, 5),
    "BLENDED_UNFINISHED_REMINDER_DAYS": (-7, -3, 0, 3),
    "GRADE_BANDS": [
        ("特優", 100),
        ("優", 90),
        ("甲", 80),
        ("乙", 70),
        ("丙", 60),
        ("丁", 0),
    ],
}

# The institute's seal on e-signed material authorizations
# (portal.authorizations.sealing): PEM key and certificate, the key's passphrase and
# intermediate certificates (comma-separated files), if any. Unset, with DEBUG on
# (or AUTHORIZATION_SEAL_DEVELOPMENT True), a self-signed development seal is made
# under VAR_DIR/seal; unset otherwise, sealing fails.
AUTHORIZATION_SEAL_KEY_FILE = os.environ.get("DJANGO_AUTHORIZATION_SEAL_KEY_FILE", "")
AUTHORIZATION_SEAL_CERT_FILE = os.environ.get("DJANGO_AUTHORIZATION_SEAL_CERT_FILE", "")
AUTHORIZATION_SEAL_KEY_PASSPHRASE = os.environ.get(
    "DJANGO_AUTHORIZATION_SEAL_KEY_PASSPHRASE", ""
)
AUTHORIZATION_SEAL_CHAIN_FILES = env_list("DJANGO_AUTHORIZATION_SEAL_CHAIN_FILES")
AUTHORIZATION_SEAL_DEVELOPMENT = None  # None: follow DEBUG
