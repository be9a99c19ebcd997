"""Base settings, read from the environment with safe defaults.

Environment variables
---------------------
REGIOCLUSTER_DATA_DIR
    Folder for the SQLite database, uploads, collected static files and the
    generated secret key (default ``./regiocluster-data``).
DATABASE_URL
    ``postgres://user:password@host:port/name`` selects PostgreSQL; default is
    SQLite in the data folder.
REGIOCLUSTER_SECRET_KEY
    The secret key; if unset, one is generated once into the data folder.
REGIOCLUSTER_DEBUG
    ``1`` for debug mode (never in production).
REGIOCLUSTER_ALLOWED_HOSTS
    Comma-separated host names (default: local addresses only).
REGIOCLUSTER_EMAIL_BACKEND
    Django e-mail backend (default: the console backend).
REGIOCLUSTER_MAP_TILES
    Optional tile-server URL template for the member map (default: none, offline).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from regiocluster.portal.dburl import parse_database_url

PORTAL_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("REGIOCLUSTER_DATA_DIR", "regiocluster-data")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Return the secret key from the environment, or one kept in the data folder."""
    key = os.environ.get("REGIOCLUSTER_SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("REGIOCLUSTER_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "REGIOCLUSTER_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("REGIOCLUSTER_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "regiocluster.portal.accounts",
    "regiocluster.portal.members",
    "regiocluster.portal.exchange",
    "regiocluster.portal.content",
    "regiocluster.portal.programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regiocluster.portal.api.security.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "regiocluster.portal.urls"
WSGI_APPLICATION = "regiocluster.portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regiocluster.portal.accounts.context.roles",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": parse_database_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "portal.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "members:dashboard"
LOGOUT_REDIRECT_URL = "content:home"

#: Sign-in attempts allowed per (address, user name) in LOGIN_RATE_WINDOW seconds.
LOGIN_RATE_LIMIT = int(os.environ.get("REGIOCLUSTER_LOGIN_RATE_LIMIT", "5"))
LOGIN_RATE_WINDOW = int(os.environ.get("REGIOCLUSTER_LOGIN_RATE_WINDOW", "900"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PORTAL_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Moscow"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
_LEAFLET = PORTAL_DIR.parent / "report" / "static"
STATICFILES_DIRS = [PORTAL_DIR / "static"] + ([_LEAFLET] if _LEAFLET.is_dir() else [])
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

#: Uploaded documents: allowed extensions and the size limit in bytes.
DOCUMENT_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "txt", "csv")
DOCUMENT_MAX_BYTES = int(os.environ.get("REGIOCLUSTER_DOCUMENT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "REGIOCLUSTER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("REGIOCLUSTER_FROM_EMAIL", "portal@localhost")

MAP_TILES = os.environ.get("REGIOCLUSTER_MAP_TILES", "")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = _env_bool("REGIOCLUSTER_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "regiocluster.portal.api.security.SafeBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "regiocluster.portal.api.security.PortalPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "regiocluster portal API",
    "DESCRIPTION": "Members, products, requests, offers and matches of the cluster portal.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIOCLUSTER_LOG_LEVEL", "WARNING")},
}
