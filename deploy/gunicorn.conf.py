"""gunicorn configuration of Gongkai (used by scripts/serve, systemd and the image).

Every value can be overridden by the environment variable named beside it, or
by GUNICORN_CMD_ARGS. See deploy/README.md.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw else default


wsgi_app = "gongkai.wsgi:application"

# Loopback only: nginx in front terminates TLS, caps bodies and adds the
# forwarding headers; nothing reaches gunicorn from another machine.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"

# Synchronous workers: Gongkai's requests are short and CPU-bound (templates,
# Word/PDF rendering). 2 × cores + 1, or WEB_CONCURRENCY.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"

# A request running longer than this is killed and its worker replaced; the
# database's own statement timeout (DB_STATEMENT_TIMEOUT_MS, 30 s) fires first.
timeout = _int("GUNICORN_TIMEOUT", 60)
# SIGTERM / HUP: a worker finishes its request within this many seconds.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# Recycle each worker after about this many requests (bounded memory growth);
# the jitter keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Request head limits (the body is capped by nginx's client_max_body_size and
# by Django's DATA_UPLOAD_MAX_MEMORY_SIZE).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Preload: the master imports Django and every view once, and forks warm
# workers in milliseconds, so a crashed master is back in a couple of seconds
# and the workers share their memory pages. `kill -HUP` (systemctl reload)
# replaces the workers gracefully with the same code; after upgrading the code
# restart the service (or set GUNICORN_PRELOAD=0, and HUP reloads code too).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# The workers' heartbeat files (gunicorn's own, per worker, private to it) in
# memory, not on a possibly slow disk.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# X-Forwarded-Proto is believed from these addresses only (the local nginx).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address is the one TrustedProxyMiddleware would use: nginx's
# X-Forwarded-For (its last hop) after the proxy address.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'

pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# No runtime control socket (gunicornc): it would sit in $HOME, shared by every
# instance on the machine; signals and systemctl do the same job.
control_socket_disable = True
proc_name = "gongkai-web"


def _warm() -> None:
    """Import every view (and build the S3 client) before the first request.

    Otherwise the first request a fresh worker gets pays for importing the
    views and the PDF and Word libraries, and for loading the AWS SDK's models
    (about a second). No socket is opened here: each worker opens its own.
    """
    from django.core.files.storage import default_storage
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    getattr(default_storage, "connection", None)  # S3Storage: the boto3 resource


def when_ready(server: object) -> None:
    """With preload, warm the master once: every worker is forked warm."""
    if preload_app:
        _warm()


def post_worker_init(worker: object) -> None:
    if not preload_app:
        _warm()
