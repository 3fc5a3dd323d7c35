"""The worker's heartbeat, `check_worker` and `migrate_locked`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.ops.heartbeat import Heartbeat
from gongkai.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_it_records_a_heartbeat_and_removes_it_on_a_clean_stop() -> None:
    heartbeat = Heartbeat("worker-test", interval=60)
    heartbeat.start()
    row = WorkerHeartbeat.objects.get(worker_id="worker-test")
    first = row.last_seen
    heartbeat.beat()
    row.refresh_from_db()
    assert row.last_seen >= first and row.pid > 0
    heartbeat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-test").exists()


def test_it_counts_the_tasks_the_worker_ran() -> None:
    from gongkai.ops.tasks import worker_probe

    heartbeat = Heartbeat("worker-count", interval=60)
    heartbeat.start()
    try:
        worker_probe.enqueue("x")  # the test settings run tasks at once
        worker_probe.enqueue("y")
        heartbeat.beat()
        assert WorkerHeartbeat.objects.get(worker_id="worker-count").tasks_run == 2
    finally:
        heartbeat.stop()


def test_check_worker_reports_who_ran_the_probe() -> None:
    out = io.StringIO()
    call_command("check_worker", "--timeout", "5", stdout=out)
    assert "后台任务正常" in out.getvalue()
    assert "在本进程内执行" in out.getvalue()  # the test settings' immediate backend


def test_migrate_locked_migrates() -> None:
    out = io.StringIO()
    call_command("migrate_locked", stdout=out)
    assert "No migrations to apply" in out.getvalue()
