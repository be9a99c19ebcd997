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
REGIOCLUSTER_SITE_URL
    The portal's public address, for example ``https://cluster.example.org``;
    every absolute link (password resets, approval e-mails) is built from it,
    never from the request's ``Host`` header (default ``http://127.0.0.1:8000``).
REGIOCLUSTER_SECURE_COOKIES
    ``1`` behind a TLS-terminating proxy: secure cookies, the proxy's
    ``X-Forwarded-Proto`` trusted, HTTPS redirect and HSTS
    (``REGIOCLUSTER_HSTS_SECONDS``, default one year).
REGIOCLUSTER_TRUSTED_PROXIES, REGIOCLUSTER_PROXY_HEADER
    Addresses of the reverse proxies, and the header in which they pass the
    client's address (default ``X-Forwarded-For``); the sign-in limits key on it.
REGIOCLUSTER_LOGIN_FAILURE_LIMIT, REGIOCLUSTER_LOGIN_COOLOFF_MINUTES
    Failed sign-ins per user name and client before a lock (default 5), and how
    long the lock lasts (default 15 minutes); one policy for the form, the admin
    and the API.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "regiocluster.portal.accounts",
    "regiocluster.portal.members",
    "regiocluster.portal.exchange",
    "regiocluster.portal.content",
    "regiocluster.portal.events",
    "regiocluster.portal.programme",
    "regiocluster.portal.development",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regiocluster.portal.api.security.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "regiocluster.portal.hardening.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "regiocluster.portal.hardening.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
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
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
    # BEGIN, so concurrent writers queue on the busy timeout instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;",
    }
    # Tests use a database file, not Django's shared-cache in-memory database: there,
    # concurrent writers get "database table is locked" at once (SQLITE_LOCKED ignores the
    # busy timeout), so a live-server test of two simultaneous bookings would see a 503
    # that the production file database, in WAL mode, never gives.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"regiocluster-test-{os.getpid()}.sqlite3")
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One backend: Django's model backend behind axes, with a slot per password check so that
# simultaneous guesses cannot outrun the failure count (regiocluster.portal.accounts.signin).
AUTHENTICATION_BACKENDS = ["regiocluster.portal.accounts.signin.LimitedModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "members:dashboard"
LOGOUT_REDIRECT_URL = "content:home"

#: The portal's public address: the only source of absolute links.
SITE_URL = os.environ.get("REGIOCLUSTER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
#: Reverse proxies whose client-address header is believed, and that header.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("REGIOCLUSTER_TRUSTED_PROXIES", "").split(",") if p.strip()
]
PROXY_CLIENT_HEADER = "HTTP_" + os.environ.get(
    "REGIOCLUSTER_PROXY_HEADER", "X-Forwarded-For"
).upper().replace("-", "_")

# One brute-force policy for every sign-in path (form, admin, API Basic): django-axes,
# keyed on the pair (user name, client address) so a proxy's address locks no one else out.
AXES_FAILURE_LIMIT = int(os.environ.get("REGIOCLUSTER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("REGIOCLUSTER_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "regiocluster.portal.hardening.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HANDLER = "regiocluster.portal.accounts.signin.SlotHandler"
#: A deal may be worth at most this multiple of its request's budget.
DEAL_BUDGET_FACTOR = 10
#: Plausible maximum of one contract without a budget to compare with, mln RUB.
DEAL_MAX_MLN_RUB = float(os.environ.get("REGIOCLUSTER_DEAL_MAX_MLN_RUB", "10000"))
#: Earliest year of a contract entered by hand.
CONTRACT_FIRST_YEAR = 1991
#: Password-reset mails per address and per client in one hour.
PASSWORD_RESET_LIMIT = int(os.environ.get("REGIOCLUSTER_PASSWORD_RESET_LIMIT", "3"))

# Per process; large enough that counts, matches and data versions are not culled under load.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
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
SECURE_REFERRER_POLICY = "same-origin"
if SESSION_COOKIE_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("REGIOCLUSTER_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("REGIOCLUSTER_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("REGIOCLUSTER_HSTS_SUBDOMAINS")

# No inline script anywhere: scripts and styles come from our own static files.
_TILE_ORIGIN = "/".join(MAP_TILES.split("/")[:3]) if MAP_TILES.startswith("http") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([_TILE_ORIGIN] if _TILE_ORIGIN else []),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

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
    "filters": {"one_line_4xx": {"()": "regiocluster.portal.hardening.OneLineForbidden"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_4xx"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("REGIOCLUSTER_LOG_LEVEL", "WARNING")},
}
