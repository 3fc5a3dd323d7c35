"""deploy/: the steps of the image, the systemd units and the nginx site, run here.

There is no Docker engine on CI machines: the Dockerfile's steps are scripts
(deploy/install.sh, deploy/docker-entrypoint.sh) and run here as processes.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
import urllib3

from tests.production.harness import (
    REPO,
    Served,
    free_port,
    nginx_binary,
    nginx_conf,
    self_signed,
)

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


def test_the_nginx_site_in_front_of_the_server(served: Served, scratch: Path) -> None:
    nginx = nginx_binary()
    if not nginx:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    self_signed(scratch)
    http, https = free_port(), free_port()
    var_dir = served.env["GONGKAI_VAR_DIR"]
    conf = nginx_conf(scratch, served.port, var_dir, http, https)
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

        _a_public_report_file_is_answered_from_the_cache(served, base)

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
        nginx_conf(scratch, free_port(), var_dir, http, https)
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


def _a_public_report_file_is_answered_from_the_cache(served: Served, base: str) -> None:
    """A published report's PDF through nginx: the first download reaches the
    app, the next ones (also with another query string) come from nginx's
    cache and never reach gunicorn (issue 11: a client downloading the PDF in
    a loop costs the app nothing)."""
    served.manage("load_sample_reports")
    listing = requests.get(f"{base}/reports/", verify=False, timeout=30).text
    report = re.findall(r'href="(/reports/\d+/)"', listing)[0]
    path = f"{report}download.pdf"
    deadline = time.monotonic() + 120
    while True:  # the worker renders it once, on publication
        first = requests.get(f"{base}{path}", verify=False, timeout=60)
        if first.headers.get("Content-Type", "").startswith("application/pdf"):
            break
        assert first.status_code == 503, first.status_code
        assert time.monotonic() < deadline, "the PDF was never rendered"
        time.sleep(1)
    reached = served.log_text().count(f"GET {path}")
    again = [
        requests.get(f"{base}{path}{query}", verify=False, timeout=30)
        for query in ("", "", "?nocache=1")
    ]
    assert [r.headers["X-Cache-Status"] for r in again] == ["HIT"] * 3
    assert {r.content for r in again} == {first.content}
    assert first.content.startswith(b"%PDF")
    assert served.log_text().count(f"GET {path}") == reached, "the app saw them"
