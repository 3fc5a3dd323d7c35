"""Run gunicorn and the django.tasks worker; restart either when it dies.

``scripts/serve`` ends by running ``python -m gongkai.ops.supervisor``. No
Django here: this is a process supervisor.

- Each child runs in a session (process group) of its own. When the gunicorn
  master dies, its whole group is killed before a new master starts, so no
  orphaned worker keeps the port (the same as systemd's KillMode=control-group).
- A child that dies is restarted after RESTART_DELAY seconds; more than
  MAX_RESTARTS within RESTART_WINDOW seconds means something is wrong that a
  restart will not fix, so the supervisor stops everything and exits 1 (under
  systemd the unit then restarts after its own delay).
- SIGINT (Ctrl+C) or SIGTERM: gunicorn and the worker are asked to stop
  (requests and the current task finish), then killed after STOP_TIMEOUT.
- SIGHUP: gunicorn reloads its workers gracefully; the worker is restarted.
- Children get SIGTERM if the supervisor itself is killed (Linux PDEATHSIG).

Environment: SERVE_WORKER=0 runs gunicorn only; GUNICORN_CONFIG names the
configuration (default deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import collections
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

RESTART_DELAY = 0.5
RESTART_WINDOW = 60.0
MAX_RESTARTS = 5
STOP_TIMEOUT = 40.0
POLL = 0.1

PR_SET_PDEATHSIG = 1


def log(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr, flush=True)


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def running_in_group(pgid: int) -> bool:
    """Does a process of group ``pgid`` still run (zombies do not count)?

    Read from /proc; where there is none, any member counts, as ``killpg``
    sees them.
    """
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # Fields after the command: state, ppid, pgrp, …
        if int(stat[2]) == pgid and stat[0] not in ("Z", "X"):
            return True
    return False


class Child:
    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self.argv = argv
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts: collections.deque[float] = collections.deque()
        self.expected_exit = False

    def start(self) -> None:
        self.expected_exit = False
        self.proc = subprocess.Popen(
            self.argv, start_new_session=True, preexec_fn=_die_with_parent
        )
        self.starts.append(time.monotonic())
        log(f"{self.name} 已启动（进程 {self.proc.pid}）")

    def too_many_restarts(self) -> bool:
        now = time.monotonic()
        while self.starts and now - self.starts[0] > RESTART_WINDOW:
            self.starts.popleft()
        return len(self.starts) > MAX_RESTARTS

    def signal(self, signum: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signum)
            except ProcessLookupError:
                pass

    def kill_group(self) -> None:
        """SIGKILL whatever is left of the child's process group; wait until gone.

        Gone means no process of the group is still running: an orphaned
        gunicorn worker, once killed, is a zombie until init reaps it, and
        init may take its time (about 1.5 s on the CI machines, never in a
        container without an init). A zombie holds no port and no file, so
        the new master need not wait for it.
        """
        if self.proc is None:
            return
        pgid = self.proc.pid
        started = time.monotonic()
        deadline = started + 5
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                return
            except PermissionError:
                return
            self.proc.poll()
            if not running_in_group(pgid):
                waited = time.monotonic() - started
                if waited > 0.2:
                    log(f"{self.name} 的进程组 {pgid} 已清理（{waited:.1f} 秒）")
                return
            time.sleep(0.05)
        log(f"{self.name} 的进程组 {pgid} 5 秒内未能全部结束")


class Supervisor:
    def __init__(self, children: list[Child]) -> None:
        self.children = children
        self.stopping = False
        self.reload = False

    def _on_stop(self, signum: int, frame: object) -> None:
        if self.stopping:
            log("再次收到停止信号：立即结束")
            for child in self.children:
                child.kill_group()
            os._exit(1)
        log(f"收到 {signal.Signals(signum).name}，正在停止（请求和当前任务会先完成）…")
        self.stopping = True

    def _on_hup(self, signum: int, frame: object) -> None:
        self.reload = True

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._on_stop)
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_hup)
        for child in self.children:
            child.start()
        while not self.stopping:
            if self.reload:
                self.reload = False
                self._reload()
            for child in self.children:
                assert child.proc is not None
                code = child.proc.poll()
                if code is None or self.stopping:
                    continue
                if child.expected_exit:
                    log(f"{child.name} 已退出，按要求重新启动")
                else:
                    log(
                        f"{child.name} 意外退出（返回码 {code}），清理其进程组后重新启动"
                    )
                child.kill_group()
                if child.too_many_restarts():
                    log(
                        f"{child.name} 在 {RESTART_WINDOW:g} 秒内退出超过 "
                        f"{MAX_RESTARTS} 次，停止全部进程"
                    )
                    self.stop()
                    return 1
                time.sleep(RESTART_DELAY)
                child.start()
            time.sleep(POLL)
        self.stop()
        return 0

    def _reload(self) -> None:
        for child in self.children:
            if child.name == "gunicorn":
                log("重新加载 gunicorn 工作进程（HUP）")
                child.signal(signal.SIGHUP)
            else:
                log(f"重新启动 {child.name}")
                child.expected_exit = True
                child.signal(signal.SIGTERM)

    def stop(self) -> None:
        for child in self.children:
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in self.children:
            assert child.proc is not None
            try:
                child.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log(f"{child.name} {STOP_TIMEOUT:g} 秒内未停止，强制结束")
            child.kill_group()
        log("已停止")


def build_children(environ: dict[str, str]) -> list[Child]:
    bindir = Path(sys.executable).parent
    config = environ.get("GUNICORN_CONFIG") or str(
        Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    )
    children = [Child("gunicorn", [str(bindir / "gunicorn"), "-c", config])]
    if environ.get("SERVE_WORKER", "1") != "0":
        children.append(Child("worker", [str(bindir / "gongkai"), "worker"]))
    return children


def main() -> int:
    return Supervisor(build_children(dict(os.environ))).run()


if __name__ == "__main__":
    sys.exit(main())
