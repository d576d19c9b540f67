"""Settings for Scaling Study.

Everything that differs between a laptop and production comes from the environment
(12-factor); production is this file with DJANGO_DEBUG=false and real secrets.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets the type-checked generics (admin.ModelAdmin[Topic]) be subscripted at runtime too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number above 0, not {raw!r}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# A development key is only acceptable while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-used-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "core",
    "accounts",
    "studyguide",
    "calculators",
    "quizzes",
    "progress",
    "axes",
    "django_tasks_db",
    "teaching",
    "workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what every later middleware and the view produce (see core/compression.py).
    "core.compression.PageGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    # django-axes turns a locked-out sign-in into its lockout page; it belongs last but for
    # the body check, which answers before any view runs.
    "axes.middleware.AxesMiddleware",
    "core.middleware.UnreadableBodyMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",  # review_due_count included
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production), else a SQLite file under var/.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            # Kept open between requests, as PostgreSQL's are: a new SQLite connection runs
            # the PRAGMAs below and reads the schema again before its first query, which
            # cost a page with one query more than the page itself over HTTP.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers and a writer work at once; IMMEDIATE avoids
                # "database is locked" when two requests upgrade to writers together.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, so any number of web processes share them.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "scaling-study"),
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Sessions are read on every signed-in request: from a folder every worker on this
        # host shares (a per-process cache would keep a signed-out session alive in the
        # other workers), with the database behind it as the record.
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache-sessions"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    SESSION_CACHE_ALIAS = "sessions"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The version tokens that cached values are keyed by (core/versions.py) must be the same in
# every process: Redis when set, else a folder every worker on this host shares.
CACHES["versions"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"].get("KEY_PREFIX", "") + ":versions"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache-versions"),
    }
)

# Background tasks (item statistics): run at once in the request unless a worker is running
# (`make serve` starts `manage.py db_worker` and sets DJANGO_TASKS_WORKER=true).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_bool("DJANGO_TASKS_WORKER", False)
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    "accounts.backends.CachedUserBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
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

CONTENT_DIR = Path(os.environ.get("SCALING_STUDY_CONTENT_DIR", BASE_DIR / "content"))

# Content Security Policy: everything from our own origin, scripts only with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS hardening: on in production unless DJANGO_HTTPS=false (a local, loopback-only run).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check must answer a load balancer's plain-HTTP probe.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Sign-in throttling (django-axes): a username that fails LOGIN_FAILURE_LIMIT times from one
# address is paused there for the cool-off, never for good. Attempts are rows in the shared
# database, so every web instance sees them; any username, existing or not, is counted alike.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A failed try while paused does not restart the clock: an attacker cannot keep a learner out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_VERBOSE = False
# Sign-ups per client address per hour, counted in the shared cache.
SIGNUP_LIMIT_PER_HOUR = env_int("DJANGO_SIGNUP_LIMIT_PER_HOUR", 10)


def mailer_from_url(url: str) -> dict[str, object]:
    """The default mailer from EMAIL_URL, e.g. smtp://user:password@host:587/?tls=true,
    smtps://user:password@host/ for implicit TLS, or console:// to print mail (also when
    unset)."""
    console: dict[str, object] = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if not url:
        return console
    parts = urlsplit(url)
    if parts.scheme == "console":
        return console
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtps:// or console://, not {parts.scheme!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name the mail server, e.g. smtp://host:587/")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number") from None
    flags = {}
    for flag, values in parse_qs(parts.query).items():
        if flag not in {"tls", "ssl"} or values[-1].lower() not in {"true", "false"}:
            raise ImproperlyConfigured(
                f"EMAIL_URL accepts only tls=true|false and ssl=true|false, not {flag!r}"
            )
        flags[flag] = values[-1].lower() == "true"
    use_ssl = parts.scheme == "smtps" or flags.get("ssl", False)
    if use_ssl and flags.get("tls", False):
        raise ImproperlyConfigured("EMAIL_URL: use tls=true (STARTTLS) or ssl/smtps, not both")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port or (465 if use_ssl else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": flags.get("tls", False),
            "use_ssl": use_ssl,
            "timeout": 20,
        },
    }


MAILERS = {"default": mailer_from_url(os.environ.get("EMAIL_URL", "").strip())}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Scaling Study <noreply@localhost>"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
