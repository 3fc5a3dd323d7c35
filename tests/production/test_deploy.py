"""deploy/: the steps of the image, the systemd units and the nginx site, run here.

There is no Docker engine on CI machines: the Dockerfile's steps are scripts
(deploy/install.sh, deploy/docker-entrypoint.sh) and run here as processes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
import urllib3

from tests.production.harness import REPO, Served, free_port

DEPLOY = REPO / "deploy"


def test_it_verifies_the_systemd_units(scratch: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        copy = scratch / unit.name
        copy.write_text(unit.read_text().replace("/opt/gongkai", str(REPO)))
        units.append(str(copy))
    names = {Path(unit).name for unit in units}
    assert {"gongkai-web.service", "gongkai-worker.service"} <= names
    for timer in (name for name in names if name.endswith(".timer")):
        assert timer.removesuffix(".timer") + ".service" in names, timer
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_image_steps_install_and_run_web_and_worker(
    served: Served, scratch: Path
) -> None:
    static = scratch / "static"
    installed = subprocess.run(
        [str(DEPLOY / "install.sh")],
        env=served.env | {"STATIC_ROOT": str(static)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (static / "staticfiles.json").exists()

    port = free_port()
    env = served.env | {
        "STATIC_ROOT": str(static),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_PIDFILE": "",
    }
    roles = {
        role: subprocess.Popen(
            [str(DEPLOY / "docker-entrypoint.sh"), role],
            env=env,
            stdout=(scratch / f"{role}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for role in ("web", "worker")
    }
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if (
                    requests.get(
                        f"http://127.0.0.1:{port}/healthz", timeout=10
                    ).status_code
                    == 200
                ):
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, (scratch / "web.log").read_text()
            assert roles["web"].poll() is None, (scratch / "web.log").read_text()
            time.sleep(0.2)
        workers = served.manage(
            "shell",
            "--no-imports",
            "-c",
            "from gongkai.ops.models import WorkerHeartbeat as W; "
            f"print(W.objects.filter(pid={roles['worker'].pid}).count())",
        )
        assert workers.stdout.strip() == "1", "the image's worker beats"
    finally:
        for proc in roles.values():
            proc.send_signal(signal.SIGTERM)
        codes = {role: proc.wait(timeout=60) for role, proc in roles.items()}
    assert codes == {"web": 0, "worker": 0}


def _nginx_conf(
    scratch: Path, served: Served, upstream: int, http: int, https: int
) -> Path:
    site = (DEPLOY / "nginx" / "gongkai.conf").read_text()
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    site = site.replace("/etc/gongkai/tls/", f"{scratch}/")
    site = site.replace("/opt/gongkai", str(REPO))
    site = site.replace(
        "/var/lib/gongkai/staticfiles/", f"{served.env['GONGKAI_VAR_DIR']}/staticfiles/"
    )
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


def test_the_nginx_site_in_front_of_the_server(served: Served, scratch: Path) -> None:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if not nginx:
        pytest.skip("nginx is not installed (.ci/run installs it)")
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
    http, https = free_port(), free_port()
    conf = _nginx_conf(scratch, served, served.port, http, https)
    checked = subprocess.run(
        [nginx, "-t", "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen(
        [nginx, "-c", str(conf), "-g", "daemon off;"], start_new_session=True
    )
    urllib3.disable_warnings()
    base = f"https://127.0.0.1:{https}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = requests.get(f"{base}/healthz", verify=False, timeout=10)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"

        plain = requests.get(
            f"http://127.0.0.1:{http}/reports/", allow_redirects=False, timeout=10
        )
        assert plain.status_code == 301 and plain.headers["Location"].startswith(
            "https://"
        )

        css = requests.get(f"{base}/static/gongkai/site.css", verify=False, timeout=10)
        assert css.status_code == 200 and "immutable" in css.headers["Cache-Control"]

        posts_before = served.log_text().count("POST /apply/")
        started = time.monotonic()
        try:
            big = requests.post(
                f"{base}/apply/",
                data=b"x" * (12 * 1024 * 1024),
                verify=False,
                timeout=30,
                headers={"Content-Type": "application/octet-stream"},
            )
            status = big.status_code
        except requests.ConnectionError:
            status = 413  # nginx may close before the client finished sending
        assert status == 413
        assert time.monotonic() - started < 10
        assert served.log_text().count("POST /apply/") == posts_before, (
            "the app never saw it"
        )

        codes = [
            requests.get(f"{base}/track/", verify=False, timeout=30).status_code
            for _ in range(15)
        ]
        assert 429 in codes and codes[0] == 200, codes

        # The app down: nginx answers with its Chinese page.
        _nginx_conf(scratch, served, free_port(), http, https)
        subprocess.run([nginx, "-c", str(conf), "-s", "reload"], check=True, timeout=30)
        deadline = time.monotonic() + 20
        while True:
            down = requests.get(f"{base}/reports/", verify=False, timeout=10)
            if down.status_code == 502 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert down.status_code == 502
        assert "系统暂时无法访问" in down.content.decode("utf-8")
    finally:
        proc.send_signal(signal.SIGQUIT)
        proc.wait(timeout=30)
