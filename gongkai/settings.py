"""Django settings, driven entirely by environment variables (see .env.example)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from gongkai.env import (
    ConfigError,
    envbool,
    envint,
    envlist,
    envnetworks,
    envsecret,
    envstr,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", False)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
# (addresses or networks; the nginx on the same host is 127.0.0.1). The first
# middleware replaces REMOTE_ADDR with the client address they forwarded, so
# rate limits and logs see the client, and drops those headers from anyone else.
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")
# Set when the proxy in front terminates TLS and sends X-Forwarded-Proto
# (deploy/nginx/gongkai.conf does): without it SECURE_SSL_REDIRECT loops.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if envbool("SECURE_PROXY_SSL_HEADER", False)
    else None
)

INSTALLED_APPS = [
    # django.contrib.admin with Gongkai's site: staff login lock-out, read-only
    # history (gongkai/accounts/adminsite.py).
    "gongkai.accounts.admin_apps.GongkaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    # django-ninja: the API (/api/v1/); listed so its docs page uses the
    # packaged Swagger UI files instead of a CDN.
    "ninja",
    # Gongkai apps (domain nouns); framework-free cores live in gongkai.annual
    # and gongkai.workdays and are not apps.
    "gongkai.calendars",
    "gongkai.agencies",
    "gongkai.accounts",
    "gongkai.cases",
    "gongkai.letters",
    "gongkai.disputes",
    "gongkai.disclosure",
    "gongkai.reports",
    "gongkai.portal",
    "gongkai.supervision",
    "gongkai.planning",
    "gongkai.datacenter",
    "gongkai.notifications",
    "gongkai.ops",
    "gongkai.linkcheck",
    "gongkai.accountability",
    "gongkai.assessment",
    "gongkai.demo",
    "gongkai.api",
    "gongkai.imports",
]

MIDDLEWARE = [
    # First: the client address behind a trusted proxy, for everything after it.
    "gongkai.ops.middleware.TrustedProxyMiddleware",
    # A body over REQUEST_MAX_BYTES is refused (413) before anything reads it.
    "gongkai.ops.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves static files from the app process: the embedded default needs no
    # separate web server; behind nginx it is harmless.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 for the API's GET answers (gongkai/api/middleware.py).
    "gongkai.api.middleware.ApiConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request for the security log's entries; every 403 and 429 logged.
    "gongkai.accounts.securitylog.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An administrator-set password is changed before anything else is done.
    "gongkai.accounts.middleware.ForcePasswordChangeMiddleware",
    # Content-Security-Policy (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cache-Control: no-store where personal data may be (NO_STORE_PATHS).
    "gongkai.ops.middleware.NoStoreMiddleware",
    # Innermost, so a view's lost database becomes a Chinese 503 page before
    # any other middleware tries the database again.
    "gongkai.ops.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.notifications.context_processors.inbox",
                "gongkai.letters.context_processors.letter_templates_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")
    )
}
EMBEDDED_DATABASE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if EMBEDDED_DATABASE:
    # WAL and a busy timeout let the web process and a worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # PostgreSQL. Persistent connections (one per gunicorn worker, checked at the
    # start of each request) rather than psycopg's pool by default: a
    # single-threaded worker uses one connection at a time either way, and the
    # pool adds a background thread to every process (DB_POOL=True for threaded
    # servers).
    # A database that does not answer fails the request after DB_CONNECT_TIMEOUT
    # seconds, and a statement running longer than DB_STATEMENT_TIMEOUT_MS is
    # cancelled, instead of holding a worker for ever.
    DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _statement_timeout = envint("DB_STATEMENT_TIMEOUT_MS", 30_000)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": envint("DB_CONNECT_TIMEOUT", 5),
            "options": f"-c statement_timeout={_statement_timeout}",
        }
    )
    if envbool("DB_POOL", False):
        # For threaded servers: psycopg's pool replaces persistent connections.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": envint("DB_POOL_MAX_SIZE", 4),
            "timeout": envint("DB_CONNECT_TIMEOUT", 5),
        }


def _secret_key() -> str:
    """SECRET_KEY (or the file SECRET_KEY_FILE names); required in production.

    Every app server must sign with the same key, so a key is only generated on
    its own (once, into ``var/secret_key``) where there can be only one server:
    with DEBUG on, or on the embedded SQLite database (every process that reads
    that file shares the database file beside it, so ``scripts/demo`` runs on a
    fresh machine). With PostgreSQL and DEBUG off, start-up stops without one.
    """
    key = envsecret("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or EMBEDDED_DATABASE):
        raise ConfigError(
            "生产环境（PostgreSQL 且 DEBUG 关闭）必须设置 SECRET_KEY 或 SECRET_KEY_FILE，"
            "且所有应用服务器使用同一个密钥。生成方法：python3 -c "
            "'import secrets; print(secrets.token_urlsafe(50))' > /etc/gongkai/secret_key"
        )
    path = VAR_DIR / "secret_key"
    try:
        # O_EXCL: of two processes starting at once, one writes and both read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
    for _ in range(50):
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        import time

        time.sleep(0.01)  # the other process is still writing it
    raise ConfigError(f"密钥文件 {path} 为空，请删除后重试")


SECRET_KEY = _secret_key()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.validators.CharacterClassValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))

# Files (uploads, letters, generated documents) go through Django's default
# storage: the local MEDIA_ROOT on one server; with S3_BUCKET, an S3-compatible
# object store of the installation (MinIO, Ceph RGW, a 政务云 store), which
# every app server and worker share. Downloads stream through Django, so the
# permission checks stay in the application (no public or signed URLs).
S3_BUCKET = envstr("S3_BUCKET", "")
if S3_BUCKET:
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": envstr("S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("S3_REGION", "") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": envsecret("S3_SECRET_ACCESS_KEY"),
            "location": envstr("S3_PREFIX", ""),
            "addressing_style": envstr("S3_ADDRESSING_STYLE", "path"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "verify": envstr("S3_CA_BUNDLE", "") or None,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Cache (rate limits, sessions' reads): Redis shared by every app server when
# REDIS_URL is set, else this process's memory (the embedded default). A Redis
# that does not answer fails a cache call within REDIS_TIMEOUT seconds.
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    _redis_timeout = envint("REDIS_TIMEOUT", 2)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "gongkai"),
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
            },
        }
    }
    # Sessions read from Redis and written through to the database: a Redis
    # restart (it may keep nothing on disk) logs nobody out, and the write each
    # request already made (SESSION_SAVE_EVERY_REQUEST) is the only one.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "gongkai"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Public pages (home, reports, catalogue) cached for anonymous visitors in the
# shared cache, invalidated by the services that publish (gongkai/web/
# public_cache.py). Only with Redis by default: a per-process cache could not be
# invalidated on every app server at once.
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)

# Background work: django.tasks on the database (django-tasks-db). The worker is
# `gongkai worker` (scripts/serve and deploy/systemd start it); it records a
# heartbeat every WORKER_HEARTBEAT_SECONDS that /healthz reads.
# The link check (docs/linkcheck.md) visits the agency's own catalogue pages at
# SITE_URL (below), as a visitor would; each visit's time limit; loopback
# targets only for the tests.
LINKCHECK_TIMEOUT = envint("LINKCHECK_TIMEOUT", 10)
LINKCHECK_ALLOW_LOOPBACK = envbool("LINKCHECK_ALLOW_LOOPBACK", False)

# TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs each task in
# the process that enqueues it (scripts/demo: notices appear in var/outbox at once).
TASKS = {
    "default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 15)
# Threads of the worker's recompute of open cases' due dates after a calendar
# change: on PostgreSQL one computes a batch while the database writes another's
# (bench/clocks.py --db); SQLite writes one transaction at a time.
RECOMPUTE_WORKERS = envint("RECOMPUTE_WORKERS", 1 if EMBEDDED_DATABASE else 2)
# /healthz: reachable over plain HTTP by a load balancer's probe.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGIN_URL = "accounts:login"
# Staff sessions end after SESSION_COOKIE_AGE seconds of inactivity: every
# request renews the cookie, an idle one expires.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# A form sent without its token gets a Chinese page that says what to do.
CSRF_FAILURE_VIEW = "gongkai.web.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)

# The largest request body accepted, files included (RequestSizeMiddleware
# refuses a larger Content-Length before reading it; nginx's
# client_max_body_size matches it).
REQUEST_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
# Requests per client address to the API's public endpoints (docs/api.md).
API_PUBLIC_RATE = envstr("API_PUBLIC_RATE", "120/m")
# The data center may fetch published reports from these intranet hosts (a
# mirror of the agencies' sites); empty: fetching is off. Never the internet
# unless an administrator names a host here.
DATACENTER_FETCH_HOSTS = envlist("DATACENTER_FETCH_HOSTS", [])

# Rate limits (gongkai/ops/ratelimit.py, docs/security.md): /track/ and 社会评议
# per query code and per address; /apply/ per address.
TRACK_THROTTLE = {
    "max_per_code": envint("TRACK_MAX_PER_CODE", 5),
    "max_per_ip": envint("TRACK_MAX_PER_IP", 10),
    "window": envint("TRACK_WINDOW_SECONDS", 15 * 60),
    "lockout": envint("TRACK_LOCKOUT_SECONDS", 30 * 60),
}
APPLY_THROTTLE = {
    "max_per_ip": envint("APPLY_MAX_PER_IP", 20),
    "window": envint("APPLY_WINDOW_SECONDS", 60 * 60),
}

# Public pages that show or take an applicant's personal data: never cached
# (signed-in users' responses are never cached either; ops NoStoreMiddleware).
NO_STORE_PATHS = ["/apply/", "/track/", "/supervision/evaluate/", "/accounts/"]

# Content Security Policy (Django's own middleware). No inline or foreign
# script runs: every script is a file under /static/; no inline style either
# (no style attribute, no <style> element: every style is a file under
# /static/, tests/test_csp.py). The one exception is the standalone report
# HTML, whose own inlined stylesheet its response allows by hash
# (reports.views.report_download). No plugin, no framing by another site,
# forms post only here.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Django 6.1 mailers. The embedded default writes mail to files in var/outbox
# (nothing leaves the machine); production sets EMAIL_BACKEND to the SMTP backend
# and EMAIL_OPTIONS_* through the environment.
_EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": (
            {"file_path": str(VAR_DIR / "outbox")}
            if _EMAIL_BACKEND.endswith("filebased.EmailBackend")
            else {
                "host": envstr("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", 25),
                "use_tls": envbool("EMAIL_USE_TLS", False),
                "username": envstr("EMAIL_HOST_USER", ""),
                "password": envsecret("EMAIL_HOST_PASSWORD") or "",
            }
        ),
    }
}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# The security log (gongkai/accounts/securitylog.py): one JSON object per line
# to SECURITY_LOG_FILE, which every process appends to and reopens when
# logrotate has moved it (deploy/logrotate/gongkai; "" for none), and to syslog
# when SECURITY_SYSLOG is set ("/dev/log", or "host:port" over UDP). The same
# entries are kept in the database for the staff log page.
SECURITY_LOG_FILE = envstr("SECURITY_LOG_FILE", str(VAR_DIR / "log" / "security.jsonl"))
SECURITY_SYSLOG = envstr("SECURITY_SYSLOG", "")
_security_handlers: dict[str, dict[str, object]] = {}
if SECURITY_LOG_FILE:
    Path(SECURITY_LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    _security_handlers["security_file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": SECURITY_LOG_FILE,
        "encoding": "utf-8",
        "formatter": "message",
    }
if SECURITY_SYSLOG:
    _host, _, _port = SECURITY_SYSLOG.rpartition(":")
    _security_handlers["security_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": (_host, int(_port)) if _host else SECURITY_SYSLOG,
        "facility": "authpriv",
        "formatter": "syslog",
    }
# The public address of the site, one setting for everything that needs it: the
# links in e-mails and text messages (gongkai/notifications) and the pages the link
# check visits (gongkai/linkcheck). Notifications: attempts before a message is marked failed; text messages
# to applicants; the SMS backend (a file per message in var/outbox/sms by default —
# no platform is called unless SMS_BACKEND names the HTTP gateway backend).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_APPLICANT_SMS = envbool("NOTIFY_APPLICANT_SMS", True)
SMS_BACKEND = envstr("SMS_BACKEND", "gongkai.notifications.sms.FileBackend")
SMS_FILE_PATH = envstr("SMS_FILE_PATH", str(VAR_DIR / "outbox" / "sms"))
SMS_GATEWAY_URL = envstr("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = envsecret("SMS_GATEWAY_TOKEN") or ""
SMS_SIGN = envstr("SMS_SIGN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "message": {"format": "%(message)s"},
        "syslog": {"format": "gongkai-security: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}, **_security_handlers},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {
        "gongkai.security": {
            "handlers": list(_security_handlers),
            "level": "INFO",
            "propagate": False,
        },
    },
}
