"""Production settings read from the environment (each case a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PG = "postgres://gongkai@127.0.0.1:5432/gongkai"
SHOW = (
    "import json, gongkai.settings as s; print(json.dumps({"
    "'key': s.SECRET_KEY, 'db': s.DATABASES['default'], 'cache': s.CACHES['default'], "
    "'session': s.SESSION_ENGINE, 'storage': s.STORAGES['default'], "
    "'proxies': s.TRUSTED_PROXIES, 'ssl': s.SECURE_PROXY_SSL_HEADER}, default=str))"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DATABASE_URL",
                "SECRET_KEY",
                "REDIS_",
                "S3_",
                "DB_",
                "DEBUG",
                "TRUSTED_",
                "SECURE_",
            )
        )
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env=clean | {"GONGKAI_VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _ok(tmp_path: Path, **env: str) -> dict:
    result = _settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_generates_a_key_once_for_the_embedded_database(tmp_path: Path) -> None:
    first = _ok(tmp_path)["key"]
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert _ok(tmp_path)["key"] == first


def test_it_refuses_to_start_on_postgresql_without_a_key(tmp_path: Path) -> None:
    result = _settings(tmp_path, DATABASE_URL=PG)
    assert result.returncode != 0
    assert "必须设置 SECRET_KEY 或 SECRET_KEY_FILE" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_it_reads_the_key_from_a_file(tmp_path: Path) -> None:
    keyfile = tmp_path / "key"
    keyfile.write_text("k" * 60 + "\n")
    assert (
        _ok(tmp_path, DATABASE_URL=PG, SECRET_KEY_FILE=str(keyfile))["key"] == "k" * 60
    )


def test_it_allows_a_generated_key_with_debug_on(tmp_path: Path) -> None:
    assert _ok(tmp_path, DATABASE_URL=PG, DEBUG="True")["key"]


def test_postgresql_gets_persistent_checked_connections_and_timeouts(
    tmp_path: Path,
) -> None:
    db = _ok(tmp_path, DATABASE_URL=PG, SECRET_KEY="x" * 50)["db"]
    assert db["CONN_MAX_AGE"] == 600 and db["CONN_HEALTH_CHECKS"] is True
    assert db["OPTIONS"]["connect_timeout"] == 5
    assert db["OPTIONS"]["options"] == "-c statement_timeout=30000"


def test_db_pool_replaces_persistent_connections(tmp_path: Path) -> None:
    db = _ok(tmp_path, DATABASE_URL=PG, SECRET_KEY="x" * 50, DB_POOL="True")["db"]
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["pool"]["min_size"] == 1


def test_redis_url_shares_the_cache_and_session_reads(tmp_path: Path) -> None:
    shown = _ok(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_the_cache_is_local(tmp_path: Path) -> None:
    shown = _ok(tmp_path)
    assert shown["cache"]["BACKEND"].endswith("LocMemCache")
    assert shown["session"] == "django.contrib.sessions.backends.db"


def test_s3_bucket_switches_the_file_storage(tmp_path: Path) -> None:
    storage = _ok(
        tmp_path,
        S3_BUCKET="files",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_SECRET_ACCESS_KEY="s3cret",
    )["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "files"
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_trusted_proxies_are_validated(tmp_path: Path) -> None:
    shown = _ok(
        tmp_path,
        TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8",
        SECURE_PROXY_SSL_HEADER="True",
    )
    assert shown["proxies"] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert shown["ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    bad = _settings(tmp_path, TRUSTED_PROXIES="nginx.local")
    assert bad.returncode != 0 and "TRUSTED_PROXIES" in bad.stderr


@pytest.mark.parametrize("value", ["yes", "2"])
def test_a_malformed_boolean_stops_start_up(tmp_path: Path, value: str) -> None:
    result = _settings(tmp_path, DB_POOL=value, DATABASE_URL=PG, SECRET_KEY="x" * 50)
    assert result.returncode != 0 and "DB_POOL" in result.stderr
