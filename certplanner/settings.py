"""Settings for certplanner, read from the environment (see README, "Configuration")."""

import sys
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .env import database_from_url, env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("CERTPLANNER_DATA_DIR", BASE_DIR / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Under pytest the suite supplies its own key and serves static files from the
# finders; everywhere else production rules apply unless DEBUG is on.
TESTING = "pytest" in sys.modules or env_bool("CERTPLANNER_TESTING")
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SITE_NAME", "certplanner")
LAB_NAME = env_str("LAB_NAME", "Demo Certification Lab")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "formtools",
    "axes",
    "accounts",
    "profiles",
    "pics",
    "pics.wizard",
    "pics.review",
    "pics.plans",
    "pics.devices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.tokens.TokenAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certplanner.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as axes asks: it turns a refused login into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certplanner.urls"
WSGI_APPLICATION = "certplanner.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'certplanner.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, for the test database: tests that start real Celery workers
    # need another process to see it. A generous timeout lets them share it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-certplanner.sqlite3")}
    # IMMEDIATE: every transaction takes the write lock when it begins, waiting up
    # to the timeout for it. A deferred one that reads first and then writes cannot
    # upgrade its lock while another connection writes, and SQLite fails it at once
    # ("database is locked") whatever the timeout: two saves at the same moment
    # would lose one.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
ADMIN_URL_PREFIX = "admin/"
LOGIN_FAILURES_PER_USER = env_int("LOGIN_FAILURES_PER_USER", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
# Reverse proxies in front of the app that append the client's address to
# X-Forwarded-For; 0: clients connect directly and REMOTE_ADDR is their address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Login lock-out by django-axes (accounts/lockout.py). Failures are stored in the
# database, so every web process shares them and admins see and clear them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.lockout.LoginLockoutHandler"
# Per username from one address (a stranger cannot lock the owner out from
# elsewhere) and per address (one machine cannot try many accounts); the limits are
# LOGIN_FAILURES_PER_USER and LOGIN_FAILURES_PER_ADDRESS, in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USER
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out are refused unrecorded: they do not prolong the lock-out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Its start-up banner would go to every command's stderr; lock-outs are logged by
# accounts.lockout.
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Serve straight from the app folders in development and tests (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console backend unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "certplanner <noreply@localhost>")

# Celery. The default broker is kombu's filesystem transport (with whole-file writes,
# see certplanner/broker.py): no server needed. In and out folders must be the same
# folder, and must exist before a worker starts.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT = "certplanner.broker:Transport"
    _broker_dir = DATA_DIR / "broker"
    for _sub in ("queue", "control", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# The lab's signing identity for test-plan PDFs: a PEM key and certificate (plus an
# optional chain), or a PKCS#12 file. Without either, a self-signed development
# certificate is made once in the data directory (by `./dev run`, through
# `manage.py ensure_signing_certificate`), and documents and pages say so.
SIGNING_KEY_FILE = env_str("SIGNING_KEY_FILE")
SIGNING_CERT_FILE = env_str("SIGNING_CERT_FILE")
SIGNING_CHAIN_FILE = env_str("SIGNING_CHAIN_FILE")
SIGNING_PKCS12_FILE = env_str("SIGNING_PKCS12_FILE")
SIGNING_PASSPHRASE = env_str("SIGNING_PASSPHRASE")
SIGNING_DEV_DIR = DATA_DIR / "signing"
# A plan job still queued or running this long after it was (re)queued is presumed
# lost with its worker and is queued again by the sweep.
PLAN_JOB_DEADLINE_SECONDS = env_int("PLAN_JOB_DEADLINE_SECONDS", 300)
PLAN_JOB_SWEEP_SECONDS = env_int("PLAN_JOB_SWEEP_SECONDS", 60)
# Seconds a job waits before rendering: 0 in service; failure drills (and the test
# that kills a worker mid-job) raise it to have a job caught in the middle.
PLAN_JOB_RENDER_DELAY = env_int("PLAN_JOB_RENDER_DELAY", 0)
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-plan-jobs": {
        "task": "pics.plans.tasks.sweep_stale_plan_jobs",
        "schedule": float(PLAN_JOB_SWEEP_SECONDS),
    }
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# The OCPP 2.0.1 listener (manage.py ocpp_listener): the address stations are given
# (behind a proxy, the public wss:// one), how long a connected station has to send
# its whole report, and how long a connection URL waits for its station.
OCPP_PUBLIC_URL = env_str("OCPP_PUBLIC_URL", "ws://127.0.0.1:9000").rstrip("/")
OCPP_REPORT_TIMEOUT_SECONDS = env_int("OCPP_REPORT_TIMEOUT_SECONDS", 120)
OCPP_CONNECTION_URL_MINUTES = env_int("OCPP_CONNECTION_URL_MINUTES", 60)

# Django's cache, per process unless CACHE_URL points at Redis (redis://host:6379/1).
# Login failures are not kept here but in the database (see AXES_HANDLER).
_CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_URL,
    }
    if _CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Production hardening; everything here is relaxed only by DEBUG.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not TESTING)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not TESTING)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if TESTING else 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
