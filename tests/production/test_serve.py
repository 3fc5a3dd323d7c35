"""`scripts/serve` on PostgreSQL, Redis and S3: health, tasks, files, crashes."""

from __future__ import annotations

import hashlib
import os
import re
import time

import requests

from tests.production.harness import Served, free_port

CITY_OFFICE_APPLICATION = {
    "applicant_type": "natural_person",
    "applicant_name": "周测试",
    "id_type": "other",
    "id_number": "TEST-0001",
    "phone": "13800138000",
    "description": "请公开2025年本机关政府信息公开工作年度报告的编制说明。",
    "info_form": "electronic",
    "delivery_way": "online",
    "confirm_truthful": "on",
}


def test_it_answers_healthz_with_every_check_ok(served: Served) -> None:
    response = requests.get(f"{served.url}/healthz", timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "worker"}
    assert all(check["ok"] for check in body["checks"].values()), body
    assert "1 个后台任务进程在线" in body["checks"]["worker"]["detail"]
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_it_runs_a_task_enqueued_in_another_process_in_the_worker(
    served: Served,
) -> None:
    result = served.manage("check_worker", "--timeout", "60")
    match = re.search(r"的进程 (\d+) 在", result.stdout)
    assert match, result.stdout
    assert int(match.group(1)) == served.worker_pid()


def _agency_id(client, name: str = "示范市人民政府办公室") -> str:  # type: ignore[no-untyped-def]
    page = client.get("/apply/").text
    found = re.search(r'<option value="(\d+)"[^>]*>' + re.escape(name), page)
    assert found, "the demo city office is not offered on /apply/"
    return found.group(1)


def test_it_reads_on_a_second_instance_a_file_the_first_stored_in_s3(
    served: Served,
    s3_client,
    scratch,  # type: ignore[no-untyped-def]
) -> None:
    content = os.urandom(50_000)
    applicant = served.client(forwarded_for="198.18.0.10")
    response = applicant.post_form(
        "/apply/",
        CITY_OFFICE_APPLICATION | {"agency": _agency_id(applicant)},
        files={
            "attachment": ("申请书.pdf", b"%PDF-1.4\n" + content, "application/pdf")
        },
    )
    assert response.status_code == 302, response.text[:2000]
    case_id = int(
        re.search(r"/apply/receipt/(\d+)/", response.headers["Location"]).group(1)
    )

    keys = [
        o["Key"]
        for o in s3_client.list_objects_v2(
            Bucket="gongkai-files", Prefix=f"cases/{case_id}/"
        ).get("Contents", [])
    ]
    assert len(keys) == 1, "the attachment is in the bucket, not on a local disk"

    second = Served(
        database_url=served.env["DATABASE_URL"],
        redis_url=served.env.get("REDIS_URL"),
        workdir=scratch,
        workers=1,
        env={k: v for k, v in served.env.items() if k.startswith("S3_")}
        | {"SERVE_MIGRATE": "0", "SERVE_WORKER": "0"},
        name="second",
    )
    second.start()
    try:
        staff = second.client()
        staff.login("dengji")
        page = staff.get(f"/staff/cases/{case_id}/")
        assert page.status_code == 200
        link = re.search(rf"/staff/cases/{case_id}/attachments/(\d+)/", page.text)
        assert link, "the case page links its attachment"
        download = staff.get(link.group(0))
        assert download.status_code == 200
        assert (
            hashlib.sha256(download.content).digest()
            == hashlib.sha256(b"%PDF-1.4\n" + content).digest()
        )
    finally:
        second.stop()


def test_it_answers_503_in_chinese_when_the_database_is_unreachable(
    served: Served,
    scratch,  # type: ignore[no-untyped-def]
) -> None:
    closed = f"postgres://postgres@127.0.0.1:{free_port()}/gongkai"
    broken = Served(
        database_url=closed,
        redis_url=served.env.get("REDIS_URL"),
        workdir=scratch,
        workers=1,
        env={"SERVE_MIGRATE": "0", "SERVE_WORKER": "0", "DB_CONNECT_TIMEOUT": "2"},
        name="closed-port",
    )
    broken.start(expect=503)
    try:
        health = requests.get(f"{broken.url}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["checks"]["database"]["ok"] is False
        assert health.json()["checks"]["cache"]["ok"] is True
        started = time.monotonic()
        page = requests.get(f"{broken.url}/reports/", timeout=30)
        assert time.monotonic() - started < 5
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "30"
        assert "系统暂时无法访问" in page.text and "无法连接数据库" in page.text
        assert '<a class="brand"' in page.text, "the page has the site's layout"
    finally:
        broken.stop()


def _group_members(pgid: int) -> set[int]:
    members = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.add(int(entry))
    return members


#: The acceptance bound: the service answers again within this many seconds.
RESTART_BOUND = 10.0
#: How long a slow restart is still measured (and reported) before giving up.
MEASURE_FOR = 90.0


def test_it_answers_again_within_10_s_after_the_gunicorn_master_is_killed(
    served: Served,
) -> None:
    """kill -9 of the master: the supervisor kills the orphaned workers and starts
    a new master, which answers /healthz within 10 s.

    The restart is measured to its end even when it takes longer, so that a
    failure says how long it took and where the time went: until the new
    master wrote its pid (it imports the application first, preload_app) and
    until it answered. Part of what made it slow was the supervisor waiting
    for init to reap the killed workers' zombies (about 1.5 s here, up to its
    5 s limit where init is slow) before starting the new master
    (gongkai/ops/supervisor.py); the rest is the new master importing the
    application, slower the busier the machine.
    """
    master = served.gunicorn_pid()
    old_workers = _group_members(master) - {master}
    assert len(old_workers) == 4
    os.kill(master, 9)
    killed = time.monotonic()
    while served.gunicorn_pid() == master:
        assert time.monotonic() - killed < MEASURE_FOR, served.log_tail()
        time.sleep(0.05)
    new_master = time.monotonic() - killed
    served.wait_for_health(timeout=MEASURE_FOR - new_master)
    back_after = time.monotonic() - killed
    timings = (
        f"answered again {back_after:.1f} s after kill -9 of the master "
        f"(new master's pid after {new_master:.1f} s; load average "
        f"{os.getloadavg()[0]:.1f})"
    )
    print(timings)
    assert back_after < RESTART_BOUND, f"{timings}\n{served.log_tail()}"
    assert not (_group_members(master) & old_workers), "orphaned workers are gone"
    assert "gunicorn 意外退出（返回码 -9）" in served.log_text()
