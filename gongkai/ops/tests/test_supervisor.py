"""The supervisor of scripts/serve, on stand-in children (no gunicorn needed).

Each stand-in is a shell that starts a grandchild in its process group, like a
gunicorn master and its workers.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import sys
    from gongkai.ops import supervisor as s
    s.RESTART_DELAY = 0.1
    s.STOP_TIMEOUT = 5
    s.MAX_RESTARTS = int(sys.argv[2])
    web = "trap '' HUP; sleep 300 & echo $! > {d}/web-grandchild; exec sleep 300"
    sys.exit(s.Supervisor([
        s.Child("gunicorn", ["sh", "-c", web.format(d=sys.argv[1])]),
        s.Child("worker", ["sh", "-c", "exec sleep 300"]),
    ]).run())
    """
)


def _started(log: Path, name: str) -> list[int]:
    return [
        int(p) for p in re.findall(rf"{name} 已启动（进程 (\d+)）", log.read_text())
    ]


def _wait(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    procs: list[subprocess.Popen[bytes]] = []

    def start(max_restarts: int = 5) -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / "supervisor.log"
        proc = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(tmp_path), str(max_restarts)],
            stderr=log.open("wb"),
            start_new_session=True,
        )
        procs.append(proc)
        _wait(
            lambda: (
                len(_started(log, "worker")) == 1
                and (tmp_path / "web-grandchild").exists()
            )
        )
        return proc, log

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_it_restarts_a_killed_master_and_kills_its_orphans(run, tmp_path: Path) -> None:
    proc, log = run()
    master = _started(log, "gunicorn")[0]
    orphan = int((tmp_path / "web-grandchild").read_text())
    (tmp_path / "web-grandchild").unlink()
    os.kill(master, signal.SIGKILL)
    _wait(lambda: len(_started(log, "gunicorn")) == 2)
    assert not _alive(orphan), "the dead master's process group was killed"
    assert "gunicorn 意外退出（返回码 -9）" in log.read_text()
    assert _alive(_started(log, "worker")[0]), "the worker was left alone"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0


def test_it_stops_both_children_on_ctrl_c(run) -> None:
    proc, log = run()
    children = _started(log, "gunicorn") + _started(log, "worker")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert not any(_alive(pid) for pid in children)
    assert "已停止" in log.read_text()


def test_it_gives_up_when_a_child_keeps_dying(run) -> None:
    proc, log = run(max_restarts=1)
    for _ in range(2):
        pid = _started(log, "worker")[-1]
        count = len(_started(log, "worker"))
        os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            _wait(
                lambda n=count: (
                    len(_started(log, "worker")) > n or proc.poll() is not None
                )
            )
    assert proc.wait(timeout=60) == 1
    assert "停止全部进程" in log.read_text()


def test_it_restarts_the_worker_on_hup(run) -> None:
    proc, log = run()
    proc.send_signal(signal.SIGHUP)
    _wait(lambda: len(_started(log, "worker")) == 2)
    assert "按要求重新启动" in log.read_text()
    assert len(_started(log, "gunicorn")) == 1


def test_a_group_left_with_only_zombies_counts_as_gone() -> None:
    """An orphaned worker killed with its master is a zombie until init reaps
    it (about 1.5 s here, never without an init); the new master need not wait."""
    from gongkai.ops.supervisor import running_in_group

    live = subprocess.Popen(["sleep", "30"], start_new_session=True)
    dead = subprocess.Popen(["true"], start_new_session=True)  # not reaped yet
    try:
        _wait(lambda: not _alive(dead.pid), timeout=10)
        os.killpg(dead.pid, 0)  # killpg still finds the zombie: what waited before
        assert not running_in_group(dead.pid)
        assert running_in_group(live.pid)
    finally:
        live.kill()
        live.wait()
        dead.wait()
    assert not running_in_group(live.pid)
