"""The restore drill: back up, wipe, restore — the data and the files are all there.

On PostgreSQL + S3 it runs against the shared `served` session (ordered last by
conftest.py): a backup is taken while it serves, the service is stopped, the
database dropped and the bucket emptied, the backup restored, the service
started again. On SQLite it runs the same commands on a fresh var/ directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.production.harness import Served, create_database

STATE = """
import hashlib, json
from django.apps import apps
from django.core.files.storage import default_storage
from gongkai.letters.models import Letter
from gongkai.ops.files import walk

def sha(name):
    with default_storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()

skip = {"sessions", "ops", "django_tasks_database", "admin"}
print(json.dumps({
    "rows": {m._meta.label: m._default_manager.count()
             for m in apps.get_models() if m._meta.app_label not in skip},
    "files": {n: sha(n) for n in walk() if not n.startswith("healthz/")},
    "letters": Letter.objects.count(),
    "letters_intact": all(
        sha(l.rendition.file.name) == l.rendition.sha256
        and sha(l.docx.name) == l.docx_sha256
        for l in Letter.objects.select_related("rendition")
    ),
}))
"""


def _state(served: Served) -> dict:
    return json.loads(served.manage("shell", "--no-imports", "-c", STATE).stdout)


def _wait_for_the_letters_pdfs(served: Served, seconds: float = 300) -> None:
    """The demo's letters are issued with their PDFs queued: the worker that
    `scripts/serve` started renders them."""
    deadline = time.monotonic() + seconds
    while True:
        left = int(
            served.manage(
                "shell",
                "--no-imports",
                "-c",
                "from gongkai.letters.models import Letter; "
                "print(Letter.objects.filter(rendition__isnull=True).count())",
            ).stdout.split()[-1]
        )
        if left == 0:
            return
        assert time.monotonic() < deadline, f"{left} letters still without a PDF"
        time.sleep(3)


def test_it_restores_the_demo_data_and_files_after_a_wipe(
    served: Served,
    s3_client,
    scratch: Path,  # type: ignore[no-untyped-def]
) -> None:
    _wait_for_the_letters_pdfs(served)
    before = _state(served)
    assert before["letters"] >= 5 and before["letters_intact"]
    assert before["rows"]["cases.Case"] >= 100
    assert len(before["files"]) >= 2 * before["letters"]

    made = served.manage("backup", "-o", str(scratch))
    assert "备份完成" in made.stdout, made.stdout + made.stderr
    (folder,) = scratch.glob("gongkai-backup-*")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["missing_files"] == []

    # The wipe: service stopped, database dropped, bucket emptied.
    served.stop()
    create_database(served.env["DATABASE_URL"])
    for page in s3_client.get_paginator("list_objects_v2").paginate(
        Bucket="gongkai-files"
    ):
        for item in page.get("Contents", []):
            s3_client.delete_object(Bucket="gongkai-files", Key=item["Key"])
    assert "Contents" not in s3_client.list_objects_v2(Bucket="gongkai-files")

    restored = served.manage("restore", str(folder))
    assert "恢复完成" in restored.stdout, restored.stdout + restored.stderr
    served.start()
    after = _state(served)
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"]
    assert after["letters_intact"]

    # And the application serves them: the office's handler downloads a letter.
    uid, digest = served.manage(
        "shell",
        "--no-imports",
        "-c",
        "from gongkai.letters.models import Letter; "
        "l = Letter.objects.filter(agency__code='demo-office').first(); "
        "print(l.uid, l.rendition.sha256)",
    ).stdout.split()
    staff = served.client()
    staff.login("chengban")
    download = staff.get(f"/letters/{uid}/download.pdf")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == digest


GONGKAI = Path(sys.executable).parent / "gongkai"

SEED = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from gongkai.agencies.services import agency_create
agency_create(name="备份测试局", code="bk", kind="department")
default_storage.save("letters/1/2026/a.pdf", ContentFile(b"%PDF-letter"))
default_storage.save("cases/7/b.png", ContentFile(bytes(range(256)) * 100))
"""
COUNT = """
from django.core.files.storage import default_storage
from gongkai.agencies.models import Agency
print(Agency.objects.filter(code="bk").count(),
      default_storage.open("cases/7/b.png").read() == bytes(range(256)) * 100,
      default_storage.open("letters/1/2026/a.pdf").read())
"""


def _gongkai(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "S3_", "REDIS_URL", "DJANGO_SETTINGS"))
    }
    return subprocess.run(
        [str(GONGKAI), *args],
        env=env
        | {"GONGKAI_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "gongkai.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_restores_the_embedded_sqlite_database_and_files(scratch: Path) -> None:
    var = scratch / "var"
    assert _gongkai(var, "migrate", "-v", "0").returncode == 0
    seeded = _gongkai(var, "shell", "--no-imports", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    made = _gongkai(var, "backup", "-o", str(scratch / "backups"))
    assert made.returncode == 0, made.stderr
    (folder,) = (scratch / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "sqlite"
    assert {f["name"] for f in manifest["files"]} == {
        "cases/7/b.png",
        "letters/1/2026/a.pdf",
    }
    assert (
        manifest["files"][0]["sha256"]
        == hashlib.sha256(bytes(range(256)) * 100).hexdigest()
    )

    (var / "gongkai.sqlite3").unlink()
    shutil.rmtree(var / "media")
    restored = _gongkai(var, "restore", str(folder))
    assert restored.returncode == 0, restored.stderr
    shown = _gongkai(var, "shell", "--no-imports", "-c", COUNT)
    assert shown.stdout.split() == ["1", "True", "b'%PDF-letter'"], shown.stderr

    again = _gongkai(var, "restore", str(folder))
    assert again.returncode != 0 and "目标数据库已有数据表" in again.stderr
    assert re.search(r"--replace", again.stderr)
