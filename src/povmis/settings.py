"""Django settings: SQLite by default, any database by one variable (``DATABASE_URL``).

The same settings serve development, tests and production; what differs between them comes from
the environment, never from a second settings file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# The project checkout (src/povmis/ → project): the default SQLite file and forms/ live there.
BASE_DIR = PACKAGE_DIR.parents[1]

# A development key; production sets POVMIS_SECRET_KEY (Django refuses an empty one).
SECRET_KEY = os.environ.get("POVMIS_SECRET_KEY", "povmis-development-key-not-for-production")
DEBUG = os.environ.get("POVMIS_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("POVMIS_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "povmis.registry",
    "povmis.accounts",
    "povmis.reports",
    "povmis.web",
    "povmis.monitoring",
    "povmis.jobs",
    "django_q",  # the job queue (povmis worker)
    "ninja",  # serves the API docs' own scripts and styles (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
        conn_max_age=int(os.environ.get("POVMIS_CONN_MAX_AGE", "0")),
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
LOGIN_REDIRECT_URL = "cycle-list"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first: the communes' staff read the pages in Vietnamese.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("id", "Bahasa Indonesia")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Upload limit for survey files: a province's workbook is tens of megabytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = 200 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# The standard a new review cycle uses unless told otherwise.
POVMIS_DEFAULT_STANDARD = os.environ.get("POVMIS_DEFAULT_STANDARD", "vn-2022-2025")
