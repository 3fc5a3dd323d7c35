"""Fixtures of the production tests: PostgreSQL, Redis, S3 (moto), `scripts/serve`.

These tests start real servers, so they run only when asked:

    GONGKAI_PRODUCTION_TESTS=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_me \\
        REDIS_URL=redis://127.0.0.1:6379/5 scripts/test tests/production -p no:xdist

(.ci/run does). One `scripts/serve` session (4 gunicorn workers, the task
worker, the demo data, files on moto's S3 server) is shared by every test that
asks for ``served``; add scenarios as tests that take it. The restore drill
stops and restarts it, so it is ordered last.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.harness import (
    REPO,
    Served,
    create_database,
    database_name,
    database_url,
    drop_database,
    free_port,
)

ENABLED = os.environ.get("GONGKAI_PRODUCTION_TESTS") == "1"
HERE = Path(__file__).parent
LAST = ("test_restore_drill.py",)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    mine = [item for item in items if Path(str(item.fspath)).parent == HERE]
    if not ENABLED:
        skip = pytest.mark.skip(
            reason="needs PostgreSQL, Redis and servers: set GONGKAI_PRODUCTION_TESTS=1"
        )
        for item in mine:
            item.add_marker(skip)
        return
    # The drill stops and restores the shared server: after everything else.
    items.sort(key=lambda item: Path(str(item.fspath)).name in LAST)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.fail("the production tests need DATABASE_URL=postgres://…")
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis"):
        pytest.fail("the production tests need REDIS_URL=redis://127.0.0.1:6379/N")
    return url


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    """Logs, var/ directories and backups of this session, under var/.

    Not pytest's shared temporary directory: another pytest run on the same
    machine may clean that up while these servers still write there.
    """
    path = (
        REPO
        / "var"
        / "production-tests"
        / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    )
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def scratch(workdir: Path, request: pytest.FixtureRequest) -> Path:
    """A directory of the test's own under the session's workdir."""
    path = workdir / re.sub(r"[^\w.-]+", "_", request.node.name)[:80]
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def s3(workdir: Path) -> Iterator[dict[str, str]]:
    """moto's standalone S3 server on loopback, with an empty bucket.

    Yields the S3_* environment that points Gongkai at it.
    """
    import boto3

    port = free_port()
    log = (workdir / "moto.log").open("wb")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "moto_server"),
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "S3_BUCKET": "gongkai-files",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "gongkai-test",
        "S3_SECRET_ACCESS_KEY": "gongkai-test-secret",
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="gongkai-test",
        aws_secret_access_key="gongkai-test-secret",
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            client.create_bucket(Bucket="gongkai-files")
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.2)
    yield env
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def s3_client(s3: dict[str, str]):  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3["S3_ENDPOINT_URL"],
        region_name=s3["S3_REGION"],
        aws_access_key_id=s3["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=s3["S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(scope="session")
def serve_database(postgres_url: str) -> Iterator[str]:
    url = database_url(postgres_url, f"{database_name(postgres_url)}_serve")
    create_database(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def served(
    serve_database: str, redis_url: str, s3: dict[str, str], workdir: Path
) -> Iterator[Served]:
    """`scripts/serve` with 4 workers on PostgreSQL, Redis and S3, with the demo data."""
    server = Served(
        database_url=serve_database,
        redis_url=redis_url,
        workdir=workdir,
        workers=4,
        env=s3,
    )
    server.manage("migrate_locked", "-v", "0")
    server.manage("demo")
    server.start()
    yield server
    server.stop()
