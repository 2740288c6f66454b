"""Django settings: production by default, SQLite by default, any database by one variable (``DATABASE_URL``).

The same settings serve development, tests and production; what differs between them comes from
the environment, never from a second settings file. Without ``POVMIS_DEBUG=1`` this is the production
configuration: a secret key must be given, cookies are secure, HTTP is redirected to HTTPS and HSTS
is on. ``POVMIS_DEMO=1`` (set by `povmis demo` itself) is the one exception: the demo on one machine.
Every variable is described in docs/deploy.md.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
# The project checkout (src/povmis/ → project): the default SQLite file and forms/ live there.
BASE_DIR = PACKAGE_DIR.parents[1]


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The demo (`povmis demo` sets POVMIS_DEMO=1) runs on one machine, over plain HTTP, with a known key.
DEMO = _flag("POVMIS_DEMO")
DEBUG = _flag("POVMIS_DEBUG", default=DEMO)
# A public default key would let anyone forge sessions and password-reset links: outside the demo,
# refuse to start rather than run with one (the test suite sets its own key, see pyproject.toml).
SECRET_KEY = os.environ.get("POVMIS_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO:
        raise ImproperlyConfigured(
            "POVMIS_SECRET_KEY is not set. Set it to a long random string kept secret, e.g. "
            "export POVMIS_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\" "
            "(see docs/deploy.md); for a try-out on this machine run `povmis demo` instead."
        )
    SECRET_KEY = "povmis-demo-key-not-for-production"  # noqa: S105  # the demo only, never production
ALLOWED_HOSTS = _list("POVMIS_ALLOWED_HOSTS", "localhost,127.0.0.1")
# Origins (scheme://host[:port]) a form may be posted from when a proxy changes the host name.
CSRF_TRUSTED_ORIGINS = _list("POVMIS_CSRF_TRUSTED_ORIGINS")

# HTTPS everywhere, unless the district explicitly serves a closed LAN over plain HTTP
# (POVMIS_PLAIN_HTTP=1, documented in docs/deploy.md with what it gives up). The demo and debugging
# run on 127.0.0.1 over HTTP.
PLAIN_HTTP = _flag("POVMIS_PLAIN_HTTP", default=DEBUG)
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else int(os.environ.get("POVMIS_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not PLAIN_HTTP
SECURE_HSTS_PRELOAD = not PLAIN_HTTP
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Behind a TLS proxy (nginx, Caddy) that sets X-Forwarded-Proto: trust it only when told so, since a
# client could send the header itself to a server reached directly.
if _flag("POVMIS_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Session idle timeout: a session unused for this long ends; each use restarts the clock (within a
# minute, accounts.middleware.IdleTimeoutMiddleware; the import page's progress polling counts as use).
SESSION_COOKIE_AGE = int(os.environ.get("POVMIS_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): after this many failed logins for one username from one address,
# that pair is locked out for the cool-off time; every attempt is logged (AccessAttempt, AccessLog).
AXES_FAILURE_LIMIT = int(os.environ.get("POVMIS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("POVMIS_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before any password check
    "django.contrib.auth.backends.ModelBackend",
]

# API tokens expire: the lifetime a token gets unless issued with another (`povmis issue_token --days`).
POVMIS_API_TOKEN_DAYS = int(os.environ.get("POVMIS_API_TOKEN_DAYS", "90"))
# Exports hide counts of 1 to this minus one households, and what would reveal them (docs/privacy.md);
# 0 publishes exact counts, as the forms sent to the ministry need.
POVMIS_SMALL_CELL_MINIMUM = int(os.environ.get("POVMIS_SMALL_CELL_MINIMUM", "0"))

# Content-Security-Policy (django-csp): scripts only from this server, never inline, so an injected
# <script> or onclick="" does not run. Styles allow inline because Plotly styles its charts with
# <style> elements and style attributes it writes itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "povmis.units",
    "povmis.registry",
    "povmis.accounts",
    "povmis.reports",
    "povmis.web",
    "povmis.monitoring",
    "povmis.support",
    "povmis.programme",
    "povmis.jobs",
    "django_q",  # the job queue (povmis worker)
    "ninja",  # serves the API docs' own scripts and styles (no CDN)
    "axes",  # login throttling and its log
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from STATIC_ROOT, compressed and cached, before any session or database work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "povmis.accounts.middleware.NoStoreMiddleware",
    "povmis.accounts.middleware.NulRefusalMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "povmis.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: turns a lockout into its page
]

ROOT_URLCONF = "povmis.urls"
WSGI_APPLICATION = "povmis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'povmis.sqlite3'}",
        # Persistent connections: a request reuses its worker's connection instead of opening one
        # (about 5-20 ms on PostgreSQL); health checks drop a connection the server has closed.
        conn_max_age=int(os.environ.get("POVMIS_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # WAL: pages (and the import's progress bar) keep reading while an import writes; NORMAL
        # synchronisation is crash-safe under WAL. Temporary tables (the bulk path's keys) stay in memory.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;",
        # A writer takes the lock when its transaction begins, so two writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    })  # fmt: skip
    # Tests on a file, not Django's shared in-memory database: there, a page polled while another request
    # writes fails at once with "table is locked" instead of waiting, which a real database never does.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", os.environ.get("POVMIS_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "povmis-test.sqlite3"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The job queue (docs/jobs.md): the database itself by default, Redis when POVMIS_REDIS_URL is set.
Q_CLUSTER: dict[str, object] = {
    "name": "povmis",
    "workers": int(os.environ.get("POVMIS_WORKERS", "1")),
    "timeout": 6 * 3600,  # a province's import; a job is never cut short
    "retry": 6 * 3600 + 60,  # a task whose worker died is delivered again after this (must exceed timeout)
    "max_attempts": 1,  # the job's own row decides retries (povmis.jobs.runner)
    "catch_up": False,
    "poll": 1,
    "ack_failures": True,
    "save_limit": 1000,
}
if os.environ.get("POVMIS_REDIS_URL"):
    Q_CLUSTER["redis"] = os.environ["POVMIS_REDIS_URL"]
else:
    Q_CLUSTER["orm"] = "default"
# A running job whose worker sent no heartbeat for this long is shown as failed, to be run again.
POVMIS_JOB_STALE_SECONDS = int(os.environ.get("POVMIS_JOB_STALE_SECONDS", "120"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # what waits for the user (registry/views/work.py)
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first: the communes' staff read the pages in Vietnamese.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("id", "Bahasa Indonesia")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Vietnamese numbers grouped by three (1.234.567,5): Django's own vi formats group nothing (formats/vi).
FORMAT_MODULE_PATH = ["povmis.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("POVMIS_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Compressed copies (gzip, Brotli when installed) made by collectstatic, served by WhiteNoise.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads are streamed to a temporary file past 2.5 MB, never held in memory whole; a request's
# other fields (a form's text) stay small. The survey files' own limits follow.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Abuse limits on an uploaded survey (web and API), checked before it is read, after the role check.
# A district's households and members fit well inside them; a province's import runs from the shell.
POVMIS_UPLOAD_MAX_BYTES = int(os.environ.get("POVMIS_UPLOAD_MAX_BYTES", str(64 * 1024 * 1024)))
POVMIS_UPLOAD_MAX_ROWS = int(os.environ.get("POVMIS_UPLOAD_MAX_ROWS", "500000"))
# The shape any survey file may have, uploaded or read from disk: the questionnaire has a few dozen
# columns, a row a few hundred bytes; an XLSX's XML inflates about ten times, a zip bomb thousands.
POVMIS_UPLOAD_MAX_COLUMNS = int(os.environ.get("POVMIS_UPLOAD_MAX_COLUMNS", "500"))
POVMIS_UPLOAD_MAX_LINE_BYTES = int(os.environ.get("POVMIS_UPLOAD_MAX_LINE_BYTES", str(64 * 1024)))
POVMIS_UPLOAD_MAX_INFLATED_BYTES = int(os.environ.get("POVMIS_UPLOAD_MAX_INFLATED_BYTES", str(1024 * 1024 * 1024)))
POVMIS_UPLOAD_MAX_INFLATION_RATIO = int(os.environ.get("POVMIS_UPLOAD_MAX_INFLATION_RATIO", "100"))

# The standard a new review cycle uses unless told otherwise.
POVMIS_DEFAULT_STANDARD = os.environ.get("POVMIS_DEFAULT_STANDARD", "vn-2022-2025")
