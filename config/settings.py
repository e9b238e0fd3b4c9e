"""Spona settings: every value comes from the environment, with safe defaults for a local run.

All configuration is documented in README.md ("Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("SPONA_DEBUG", False)
SECRET_KEY = os.environ.get("SPONA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("SPONA_PRODUCTION", False):
        raise RuntimeError("SPONA_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-local-key-change-me-in-production"

ALLOWED_HOSTS = env_list("SPONA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("SPONA_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SPONA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "spona.core.apps.AdminConfig",  # django.contrib.admin on the site's AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_filters",
    "reversion",
    "django_tasks",
    "spona.core.apps.TaskQueueConfig",  # django_tasks_db
    "ninja",  # serves Swagger UI's own files for /api/docs (no CDN)
    "csp",
    "spona.core",
    "spona.accounts",
    "spona.directory",
    "spona.learning",
    "spona.calls",
    "spona.fair",
    "spona.capacity",
    "spona.privacy",
    "spona.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "spona.core.request_guard.RequestGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spona.core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spona" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spona.core.context_processors.site",
            ],
        },
    },
    {
        # Plain-text e-mails: the same templates, rendered without HTML escaping (spona/core/mail.py).
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spona" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: DATABASE_URL selects PostgreSQL (postgresql://user@host:5432/name); without it, SQLite.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'spona.sqlite3'}",
        conn_max_age=int(os.environ.get("SPONA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DATABASES["default"]["NAME"] == ":memory:" else 60
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner settings for each connection. PostgreSQL's default random_page_cost (4) prices a random
    # read as a spinning disk's, so it scans whole tables rather than use an index (text searches above
    # all); 1.1 is the usual figure for SSDs and a cached database.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", os.environ.get("SPONA_POSTGRESQL_OPTIONS", "-c random_page_cost=1.1")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_USER_MODEL = "accounts.User"
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
# A URL name, reversed in the language of the page signed out from ("/" would send everyone to English).
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "spona.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("SPONA_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Spona] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {} if env_bool("SPONA_DISABLE_RATE_LIMITS", False) else None
if ACCOUNT_RATE_LIMITS is None:
    del ACCOUNT_RATE_LIMITS

# E-mail: printed on the console locally; SPONA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# SPONA_EMAIL_HOST settings below send it through an SMTP server.
EMAIL_BACKEND = os.environ.get("SPONA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("SPONA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SPONA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SPONA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SPONA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SPONA_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SPONA_DEFAULT_FROM_EMAIL", "Spona <noreply@spona.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: run at once in-process by default; "database" queues them for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("SPONA_TASKS_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("bs", _("Bosnian")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and numbers of each language (spona/core/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["spona.core.formats"]
TIME_ZONE = os.environ.get("SPONA_TIME_ZONE", "Europe/Sarajevo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SPONA_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start while it is missing
STATICFILES_DIRS = [BASE_DIR / "spona" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SPONA_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Private files (call attachments, import files) live apart from MEDIA_ROOT and are never served as
# they are: see spona/core/files.py.
PRIVATE_ROOT = Path(os.environ.get("SPONA_PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "spona.core.files.PrivateFileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_SECURE = env_bool("SPONA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a reverse proxy every request comes from the proxy's address: the client's is the last one the
# proxy adds to X-Forwarded-For (or the last but N-1 with N proxies in a row). Sign-in limits count
# per client address, so without this one visitor's failed sign-ins would lock out everyone.
behind_proxy = env_bool("SPONA_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("SPONA_PROXY_COUNT", "1")) if behind_proxy else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS only (off by default: turn them on once the site answers on HTTPS; see README, "Security").
SECURE_SSL_REDIRECT = env_bool("SPONA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SPONA_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SPONA_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SPONA_HSTS_PRELOAD", False)

# Content Security Policy: every script, style, image and font comes from the site itself; no inline
# script runs (pages have none; JSON-LD blocks are data, not scripts). Browsers report violations
# to /csp-report/, which logs them.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": "/csp-report/",
    }
}
# Features no page of the site uses stay off for every page (and for anything embedded in one).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Product settings.
SPONA = {
    # Profiles not confirmed for this many days are shown as inactive and sink in search results.
    "INACTIVE_AFTER_DAYS": int(os.environ.get("SPONA_INACTIVE_AFTER_DAYS", str(2 * 365))),
    # Logo uploads.
    "LOGO_MAX_BYTES": int(os.environ.get("SPONA_LOGO_MAX_BYTES", str(2 * 1024 * 1024))),
    # Load Kosovo's municipalities as Serbian law lists them (see spona/core/data/README.md).
    "INCLUDE_KOSOVO_PLACES": env_bool("SPONA_INCLUDE_KOSOVO_PLACES", False),
    # Directory page size and the number of search candidates ranked per query.
    "DIRECTORY_PAGE_SIZE": 20,
    "SEARCH_CANDIDATES": int(os.environ.get("SPONA_SEARCH_CANDIDATES", "500")),
    # Anonymous visitors get public pages from the cache for at most this long (0 turns it off);
    # see spona/core/page_cache.py.
    "PUBLIC_PAGE_CACHE_SECONDS": int(os.environ.get("SPONA_PUBLIC_PAGE_CACHE_SECONDS", "300")),
    # Calls: "closing soon" this many days before the deadline; attachment and news image limits.
    "CALL_CLOSING_SOON_DAYS": int(os.environ.get("SPONA_CALL_CLOSING_SOON_DAYS", "7")),
    "CALL_ATTACHMENT_MAX_BYTES": int(os.environ.get("SPONA_CALL_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))),
    "NEWS_IMAGE_MAX_BYTES": int(os.environ.get("SPONA_NEWS_IMAGE_MAX_BYTES", str(3 * 1024 * 1024))),
    "CALLS_PAGE_SIZE": 20,
    # Grants in other currencies are compared in euros at these rates (BAM is pegged to the euro).
    "EUR_PER_UNIT": {
        "EUR": 1.0,
        "BAM": 1 / 1.95583,
        "RSD": float(os.environ.get("SPONA_EUR_PER_RSD", str(1 / 117.2))),
        "USD": float(os.environ.get("SPONA_EUR_PER_USD", "0.86")),
    },
    # Alerts look back this far past the last run, for calls whose publication committed late.
    "ALERT_OVERLAP_MINUTES": 60,
    # A large alert run (thousands of due searches) is shared among this many processes on PostgreSQL.
    "ALERT_PROCESSES": int(os.environ.get("SPONA_ALERT_PROCESSES", "2")),
    # Who sends private files once a view has checked permission: "django" itself, or the reverse proxy
    # ("x-accel-redirect" for nginx, with the internal location below; "x-sendfile" for Apache and others).
    "PRIVATE_FILES_SENDER": os.environ.get("SPONA_PRIVATE_FILES_SENDER", "django"),
    "PRIVATE_FILES_INTERNAL_URL": os.environ.get("SPONA_PRIVATE_FILES_INTERNAL_URL", "/private-files/"),
    # Whether the site itself serves public uploads at /media/ (set 0 when the proxy serves MEDIA_ROOT).
    "SERVE_MEDIA": os.environ.get("SPONA_SERVE_MEDIA", "1") == "1",
    # Where people write about their personal data (shown on the privacy page).
    "PRIVACY_EMAIL": os.environ.get("SPONA_PRIVACY_EMAIL", "privacy@spona.local"),
}
if SPONA["PRIVATE_FILES_SENDER"] not in ("django", "x-accel-redirect", "x-sendfile"):
    raise RuntimeError("SPONA_PRIVATE_FILES_SENDER must be django, x-accel-redirect or x-sendfile")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SPONA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
