"""Run `scripts/serve` for a test or a benchmark, and talk to it over HTTP.

Used by the production tests (tests/production/) and by bench/load.py; also a
command for trying things by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_me \\
        .venv/bin/python tests/production/harness.py --port 8600 --redis-db 5 [--demo]

starts `scripts/serve` with 4 gunicorn workers and the task worker on a fresh
database ``gk_me_serve`` and waits for /healthz, then serves until Ctrl+C.

Everything stays on loopback: the server listens on 127.0.0.1, and the
forwarded addresses a test sends (X-Forwarded-For) are header values only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
GONGKAI = REPO / ".venv" / "bin" / "gongkai"
DEMO_PASSWORD = "Gongkai@2026"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url(base_url: str, name: str) -> str:
    """``base_url`` with its database name replaced by ``name``."""
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def _maintenance(url: str) -> Any:
    import psycopg

    return psycopg.connect(database_url(url, "postgres"), autocommit=True)


def create_database(url: str) -> None:
    """Drop (closing its connections) and create the database ``url`` names."""
    name = database_name(url)
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"unexpected database name {name!r}")
    with _maintenance(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = database_name(url)
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"unexpected database name {name!r}")
    with _maintenance(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def base_environment() -> dict[str, str]:
    """The caller's environment without anything that configures Gongkai."""
    drop = (
        "DATABASE_URL REDIS_URL SECRET_KEY SECRET_KEY_FILE S3_ DB_ GUNICORN_ "
        "WEB_CONCURRENCY SERVE_ PORT DJANGO_SETTINGS_MODULE GONGKAI_ DEBUG "
        "TRUSTED_PROXIES CACHE_KEY_PREFIX"
    ).split()
    return {
        k: v
        for k, v in os.environ.items()
        if not any(k == d or (d.endswith("_") and k.startswith(d)) for d in drop)
    }


class Served:
    """One `scripts/serve` (gunicorn + worker under the supervisor).

    ``env`` adds or overrides variables (S3_*, SERVE_WORKER=0, …). The process
    group is ours: ``stop()`` ends it, ``kill_master()`` plays the crash.
    """

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str | None,
        workdir: Path,
        port: int | None = None,
        workers: int = 4,
        env: Mapping[str, str] | None = None,
        name: str = "serve",
    ) -> None:
        self.port = port or free_port()
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = self.workdir / f"{name}.log"
        self.pidfile = self.workdir / f"{name}-gunicorn.pid"
        self.env = base_environment() | {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "serve-harness-" + "k" * 50,
            "GONGKAI_VAR_DIR": str(self.workdir / "var"),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_PIDFILE": str(self.pidfile),
            "GUNICORN_ACCESS_LOG": os.environ.get("SERVE_ACCESS_LOG", "-"),
            # The test client is the proxy: it may send X-Forwarded-For.
            "TRUSTED_PROXIES": "127.0.0.1,::1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WORKER_HEARTBEAT_SECONDS": "2",
            "LOG_LEVEL": "WARNING",
        }
        if redis_url:
            self.env["REDIS_URL"] = redis_url
            # Keys of this run only: nothing to flush, no other run disturbed.
            self.env["CACHE_KEY_PREFIX"] = f"gk-test-{secrets.token_hex(4)}"
        self.env.update(env or {})
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def health_url(self) -> str:
        """/healthz, without the worker check when this instance runs none."""
        if self.env.get("SERVE_WORKER") == "0":
            return f"{self.url}/healthz?checks=database,cache,storage"
        return f"{self.url}/healthz"

    # -- the process ----------------------------------------------------------

    def start(self, timeout: float = 120.0, expect: int = 200) -> None:
        """Start and wait until /healthz answers ``expect``."""
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [str(REPO / "scripts" / "serve"), str(self.port)],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.wait_for_health(timeout=timeout, expect=expect)

    def wait_for_health(self, timeout: float = 60.0, expect: int = 200) -> float:
        """Seconds until /healthz answered ``expect``; raises with the log if not."""
        started = time.monotonic()
        last = "no answer"
        while time.monotonic() - started < timeout:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"scripts/serve exited ({self.proc.returncode}):\n{self.log_tail()}"
                )
            try:
                response = requests.get(self.health_url, timeout=10)
            except requests.RequestException as exc:
                last = repr(exc)
            else:
                if response.status_code == expect:
                    return time.monotonic() - started
                last = f"{response.status_code} {response.text[:300]}"
            time.sleep(0.1)
        raise TimeoutError(
            f"/healthz did not answer {expect} in {timeout:g} s (last: {last}):\n"
            f"{self.log_tail()}"
        )

    def stop(self, timeout: float = 60.0) -> int | None:
        """Ctrl+C's path: SIGTERM to the supervisor, which stops both children."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        code = self.proc.wait()
        self.proc = None
        return code

    def gunicorn_pid(self) -> int:
        return int(self.pidfile.read_text().strip())

    def worker_pid(self) -> int:
        """The task worker's pid, as the supervisor logged it last."""
        found = re.findall(r"worker 已启动（进程 (\d+)）", self.log_text())
        if not found:
            raise RuntimeError("the supervisor has not started a worker")
        return int(found[-1])

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def manage(
        self, *args: str, check: bool = True, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        """A `gongkai` command in another process, on this server's configuration."""
        result = subprocess.run(
            [str(GONGKAI), *args],
            cwd=REPO,
            env=self.env | {"DJANGO_SETTINGS_MODULE": "gongkai.settings"},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"gongkai {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    # -- HTTP -----------------------------------------------------------------

    def client(self, forwarded_for: str | None = None) -> Client:
        return Client(self.url, forwarded_for=forwarded_for)


class Client(requests.Session):
    """A browser-like session: cookies, CSRF token, an optional client address."""

    def __init__(self, base_url: str, forwarded_for: str | None = None) -> None:
        super().__init__()
        self.base_url = base_url
        if forwarded_for:
            self.headers["X-Forwarded-For"] = forwarded_for

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        return super().request(method, url, *args, **kwargs)

    def form(self, path: str) -> dict[str, str]:
        """GET a page; its CSRF token and hidden fields, ready to post back."""
        response = self.get(path)
        response.raise_for_status()
        hidden = dict(
            re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text
            )
        )
        return hidden

    def post_form(
        self, path: str, data: Mapping[str, Any], **kwargs: Any
    ) -> requests.Response:
        fields = self.form(path) | dict(data)
        return self.post(
            path, data=fields, headers={"Referer": self.base_url + path}, **kwargs
        )

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        response = self.post_form(
            "/accounts/login/", {"username": username, "password": password}
        )
        if response.status_code != 302:
            raise AssertionError(
                f"login of {username} failed: {response.status_code} {response.text[:500]}"
            )


def nginx_binary() -> str | None:
    """nginx, if installed (.ci/run installs it; it need not be on PATH)."""
    found = shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def nginx_conf(
    scratch: Path,
    upstream: int,
    var_dir: str,
    http: int,
    https: int,
    *,
    tls: bool = True,
    rate_limits: bool = True,
) -> Path:
    """deploy/nginx/gongkai.conf as it is installed, on loopback ports, with its
    paths under ``scratch``, in front of the app on port ``upstream``; the main
    nginx.conf around it, returned. ``tls=False`` serves the site's HTTPS server
    on plain HTTP (a benchmark measures the app, not the handshake), and
    ``rate_limits=False`` drops the per-address limits (a benchmark's clients
    all come from 127.0.0.1)."""
    site = (REPO / "deploy" / "nginx" / "gongkai.conf").read_text()
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace(
        "listen 443 ssl http2;",
        f"listen 127.0.0.1:{https} ssl http2;" if tls else f"listen 127.0.0.1:{https};",
    )
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    site = site.replace("/etc/gongkai/tls/", f"{scratch}/")
    site = site.replace("/opt/gongkai", str(REPO))
    site = site.replace("/var/lib/gongkai/staticfiles/", f"{var_dir}/staticfiles/")
    site = site.replace("/var/cache/nginx/gongkai", f"{scratch}/cache")
    if not rate_limits:
        site = re.sub(r"\n\s*limit_(req|conn) [^;]*;", "", site)
    (scratch / "site.conf").write_text(site)
    main = scratch / "nginx.conf"
    main.write_text(
        f"""
user root;
worker_processes 1;
pid {scratch}/nginx.pid;
error_log {scratch}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    sendfile on;
    access_log {scratch}/access.log;
    client_body_temp_path {scratch}/body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    include {scratch}/site.conf;
}}
"""
    )
    return main


def self_signed(scratch: Path) -> None:
    """fullchain.pem and privkey.pem for 127.0.0.1 in ``scratch``."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(scratch / "privkey.pem"),
            "-out",
            str(scratch / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-db", type=int, default=None)
    parser.add_argument("--database", default=None, help="default: <yours>_serve")
    parser.add_argument("--demo", action="store_true", help="seed the demo data")
    args = parser.parse_args(argv)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        parser.error("DATABASE_URL must name your PostgreSQL database")
    url = database_url(base, args.database or f"{database_name(base)}_serve")
    redis = (
        f"redis://127.0.0.1:6379/{args.redis_db}" if args.redis_db is not None else None
    )
    create_database(url)
    served = Served(
        database_url=url,
        redis_url=redis,
        workdir=REPO / "var" / "harness",
        port=args.port,
        workers=args.workers,
    )
    if args.demo:
        served.manage("migrate_locked", "-v", "0")
        served.manage("demo")
    served.start()
    print(f"{served.url}/  database {database_name(url)}  log {served.log_path}")
    try:
        while served.proc and served.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        served.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
