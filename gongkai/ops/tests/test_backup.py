"""`gongkai restore`'s refusals and `gongkai prune_files`.

The drills (back up, wipe, restore) start processes and take a while: they are
in tests/production/test_restore_drill.py (SQLite, and PostgreSQL + S3).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.ops.backup import BackupError, read_manifest


def _fake_backup(tmp_path: Path) -> Path:
    """A well-formed backup of one database file and one stored file."""
    folder = tmp_path / "gongkai-backup-x"
    (folder / "files" / "cases").mkdir(parents=True)
    (folder / "database.sqlite3").write_bytes(b"db")
    (folder / "files" / "cases" / "a.txt").write_bytes(b"abc")
    manifest = {
        "format": "gongkai-backup/1",
        "database": {
            "vendor": "sqlite",
            "file": "database.sqlite3",
            "size": 2,
            "sha256": hashlib.sha256(b"db").hexdigest(),
        },
        "files": [
            {
                "name": "cases/a.txt",
                "size": 3,
                "sha256": hashlib.sha256(b"abc").hexdigest(),
            }
        ],
        "missing_files": [],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_it_accepts_an_intact_backup(tmp_path: Path) -> None:
    assert read_manifest(_fake_backup(tmp_path))["files"][0]["name"] == "cases/a.txt"


def test_it_refuses_a_corrupted_backup_before_touching_anything(tmp_path: Path) -> None:
    folder = _fake_backup(tmp_path)
    (folder / "files" / "cases" / "a.txt").write_bytes(b"abd")
    with pytest.raises(BackupError, match=re.escape("备份已损坏：files/cases/a.txt")):
        read_manifest(folder)


def test_it_refuses_an_incomplete_backup(tmp_path: Path) -> None:
    folder = _fake_backup(tmp_path)
    (folder / "database.sqlite3").unlink()
    with pytest.raises(BackupError, match=re.escape("缺少 database.sqlite3")):
        read_manifest(folder)


def test_it_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读取备份清单"):
        call_command("restore", str(tmp_path))


@pytest.mark.django_db
def test_it_refuses_to_restore_over_a_database_with_tables(tmp_path: Path) -> None:
    from django.db import connection

    folder = _fake_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["database"]["vendor"] = connection.vendor
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="目标数据库已有数据表"):
        call_command("restore", str(folder))


@pytest.mark.django_db
def test_it_refuses_a_backup_of_another_database_kind(tmp_path: Path) -> None:
    from django.db import connection

    folder = _fake_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=f"备份来自 {other} 数据库"):
        call_command("restore", str(folder))


@pytest.mark.django_db
def test_prune_files_removes_only_old_unreferenced_files(
    settings, tmp_path: Path
) -> None:
    import datetime as dt

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    orphan = default_storage.save("letters/1/2026/orphan.pdf", ContentFile(b"x"))
    fresh = default_storage.save("letters/1/2026/fresh.pdf", ContentFile(b"x"))
    cached = default_storage.save("cache/reports/abc.pdf", ContentFile(b"x"))
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    for name in (orphan, cached):
        os.utime(tmp_path / name, (old, old))

    out = io.StringIO()
    call_command("prune_files", stdout=out)
    assert "未被引用 letters/1/2026/orphan.pdf" in out.getvalue()
    assert default_storage.exists(orphan), "without --delete it only lists"

    call_command("prune_files", "--delete", stdout=io.StringIO())
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh), "a file of a transaction still running"
    assert default_storage.exists(cached), "caches are kept"


@pytest.mark.django_db
def test_prune_files_keeps_what_a_record_refers_to(
    cast, settings, tmp_path: Path
) -> None:
    import datetime as dt
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gongkai.cases import services
    from gongkai.cases.tests.states import details

    settings.MEDIA_ROOT = tmp_path
    case = services.case_submit_online(
        agency=cast.office,
        details=details(),
        token=uuid.uuid4(),
        attachment=SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    name = case.attachments.get().file.name
    old = (timezone.now() - dt.timedelta(days=3)).timestamp()
    os.utime(tmp_path / name, (old, old))
    out = io.StringIO()
    call_command("prune_files", "--delete", stdout=out)
    assert default_storage.exists(name)
    assert "删除了 0 个" in out.getvalue()


def test_prune_files_refuses_a_short_age() -> None:
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("prune_files", "--hours", "0.1")
