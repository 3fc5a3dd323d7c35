"""Backups: the database and every stored file, with a manifest of checksums.

A backup is a directory::

    gongkai-backup-20261205-023000/
      manifest.json        what is inside, with sizes and SHA-256 of everything
      database.dump        PostgreSQL: pg_dump's custom format
      database.sqlite3     SQLite: a consistent copy through SQLite's backup API
      files/<name>         every file of the default storage (local or S3)

The database is dumped first, then the files are copied: every file a row of the
dump refers to already exists (files are written before their row commits), and
a file added meanwhile is merely extra. The manifest lists any referenced file
that could not be found.

``restore`` checks every checksum before it changes anything, refuses a
database that already has tables (unless ``replace``), loads the database, puts
the files back under the same names and reads each back to check it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from gongkai.ops.files import PROBE_PREFIX, referenced_names, walk

FORMAT = "gongkai-backup/1"
CHUNK = 1024 * 1024

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    return connection.vendor  # "postgresql" or "sqlite"


def _pg_env() -> dict[str, str]:
    """libpq's environment for pg_dump / pg_restore from DATABASES['default']."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    env["PGCONNECT_TIMEOUT"] = str(db.get("OPTIONS", {}).get("connect_timeout", 10))
    return env


def _run(argv: list[str], env: dict[str, str] | None = None) -> None:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {argv[0]}：请安装与服务器版本一致的 PostgreSQL 客户端（postgresql-client）。"
        ) from None
    if result.returncode != 0:
        raise BackupError(
            f"{argv[0]} 失败（返回码 {result.returncode}）：{result.stderr.strip()}"
        )


@dataclass
class Summary:
    path: Path
    database: str
    files: int
    bytes: int
    missing: list[str]


def backup(output_dir: Path, *, say: Say = lambda s: None) -> Summary:
    """Write a new backup directory under ``output_dir``; return what it holds."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(output_dir) / f"gongkai-backup-{stamp}"
    partial = target.with_name(target.name + ".partial")
    if target.exists() or partial.exists():
        raise BackupError(f"{target} 已存在，请稍后再试。")
    partial.mkdir(parents=True, mode=0o700)
    try:
        manifest = _write(partial, say)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(target)
    return Summary(
        path=target,
        database=manifest["database"]["file"],
        files=len(manifest["files"]),
        bytes=sum(f["size"] for f in manifest["files"]),
        missing=manifest["missing_files"],
    )


def _write(target: Path, say: Say) -> dict[str, Any]:
    vendor = _vendor()
    say("备份数据库…")
    if vendor == "postgresql":
        dump = target / "database.dump"
        connection.close()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
            ],
            env=_pg_env(),
        )
    elif vendor == "sqlite":
        dump = target / "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(dump)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(f"不支持备份 {vendor} 数据库。")

    say("备份文件…")
    files = []
    (target / "files").mkdir()
    for name in walk():
        if name.startswith(PROBE_PREFIX):
            continue  # /healthz's probe, there for a few milliseconds
        destination = target / "files" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with (
            default_storage.open(name, "rb") as source_file,
            destination.open("wb") as out,
        ):
            while chunk := source_file.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        files.append({"name": name, "size": size, "sha256": digest.hexdigest()})
    copied = {f["name"] for f in files}
    missing = sorted(referenced_names() - copied)

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "database": {
            "vendor": vendor,
            "file": dump.name,
            "size": dump.stat().st_size,
            "sha256": sha256_file(dump),
        },
        "migrations": dict(sorted(latest.items())),
        "storage": _storage_backend(),
        "files": files,
        "missing_files": missing,
    }
    (target / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def _storage_backend() -> str:
    storage: Any = settings.STORAGES["default"]
    return str(storage["BACKEND"])


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest, every checksum verified; raises BackupError otherwise."""
    path = Path(source) / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {path}：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} 不是 Gongkai 备份（格式 {manifest.get('format')!r}）。"
        )
    entries = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    entries += [(f"files/{f['name']}", f["sha256"]) for f in manifest["files"]]
    for relative, expected in entries:
        file = Path(source) / relative
        if not file.is_file():
            raise BackupError(f"备份不完整：缺少 {relative}。")
        if sha256_file(file) != expected:
            raise BackupError(f"备份已损坏：{relative} 的校验和不符。")
    return manifest


def _has_tables() -> bool:
    return bool(connection.introspection.table_names())


def restore(
    source: Path, *, replace: bool = False, say: Say = lambda s: None
) -> Summary:
    """Load a backup into the configured database and storage."""
    source = Path(source)
    say("核对备份的校验和…")
    manifest = read_manifest(source)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"备份来自 {manifest['database']['vendor']} 数据库，不能恢复到 {vendor}。"
        )
    if _has_tables() and not replace:
        raise BackupError(
            "目标数据库已有数据表。请恢复到一个新建的空数据库，或确认要覆盖时加 --replace。"
        )
    existing = [
        f["name"] for f in manifest["files"] if default_storage.exists(f["name"])
    ]
    if existing and not replace:
        raise BackupError(
            f"文件存储中已有 {len(existing)} 个同名文件（如 {existing[0]}）。"
            "请恢复到空的存储，或确认要覆盖时加 --replace。"
        )

    say("恢复数据库…")
    dump = source / manifest["database"]["file"]
    if vendor == "postgresql":
        connections.close_all()
        argv = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if replace:
            argv += ["--clean", "--if-exists"]
        _run(
            [
                *argv,
                "--single-transaction",
                f"--dbname={_pg_env()['PGDATABASE']}",
                str(dump),
            ],
            env=_pg_env(),
        )
    else:
        connections.close_all()
        backup_copy = sqlite3.connect(dump)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            backup_copy.backup(target)
        finally:
            target.close()
            backup_copy.close()

    say("恢复文件…")
    for entry in manifest["files"]:
        name = entry["name"]
        if replace and default_storage.exists(name):
            default_storage.delete(name)
        with (source / "files" / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"文件 {name} 被存为 {saved}：存储中已有同名文件。")
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as check:
            while chunk := check.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"文件 {name} 写回存储后校验和不符。")
    return Summary(
        path=source,
        database=manifest["database"]["file"],
        files=len(manifest["files"]),
        bytes=sum(f["size"] for f in manifest["files"]),
        missing=manifest["missing_files"],
    )
