"""Suite-wide pytest configuration.

- The shared test cast (``gongkai/testing.py``) is registered for every test.
- ``--db-only`` keeps only the tests that use the database. CI runs the whole
  suite on SQLite and then ``--db-only`` on PostgreSQL: a test without database
  access (pytest-django refuses it any) gives the same result on both, so it
  runs once.
- ``--no-browser`` leaves out the tests that drive Chromium and the sweep of
  every URL with bad input (``tests/test_no_server_errors.py``, marked
  ``sweep``). CI's SQLite pass uses it: these run once, in the PostgreSQL
  pass, on the engine production uses, which is also the stricter one for bad
  input (NUL bytes, integers out of range). They are half of the suite's time.
- Tests that flush the database (``transaction=True``, ``live_server``) run
  last, as Django's own runner orders them: a flush also empties what the
  migrations seeded (the holiday calendars), which later tests read. Within
  each group, tests marked ``browser`` or ``slow`` and any test that drives
  Chromium (the ``browser`` fixture) start first, so that the xdist workers do
  not wait at the end for one long test.
- Hypothesis profiles: ``default`` (CI and everyday runs: no per-example
  deadline, which a loaded 2-core machine cannot keep) and ``deep``
  (``HYPOTHESIS_PROFILE=deep scripts/test gongkai/workdays``: ten times the
  examples for the properties that do not fix their own count).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

pytest_plugins = ["gongkai.testing"]

#: Fixtures through which a test reaches the database (pytest-django).
DB_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "admin_user",
        "admin_client",
    }
)

hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("deep", deadline=None, max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return not DB_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


#: Fixtures after which pytest-django empties every table (no transaction to roll back).
FLUSHING_FIXTURES = frozenset(
    {"transactional_db", "django_db_reset_sequences", "live_server"}
)


def flushes_database(item: pytest.Item) -> bool:
    """True when the test ends by flushing the tables, rows seeded by migrations too."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return not FLUSHING_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-only",
        action="store_true",
        default=False,
        help="run only the tests that use the database (CI's PostgreSQL pass)",
    )
    parser.addoption(
        "--no-browser",
        action="store_true",
        default=False,
        help="leave out the tests that drive Chromium and the URL sweep (CI's SQLite pass)",
    )


def drives_chromium(item: pytest.Item) -> bool:
    """Marked ``browser``, or asks for the Chromium fixtures."""
    fixtures = getattr(item, "fixturenames", ())
    return (
        item.get_closest_marker("browser") is not None
        or "browser" in fixtures
        or "page" in fixtures
    )


def runs_once(item: pytest.Item) -> bool:
    """Left out by ``--no-browser``: drives Chromium, or is the URL sweep."""
    return drives_chromium(item) or item.get_closest_marker("sweep") is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    keep = []
    if config.getoption("--db-only"):
        keep.append(uses_database)
    if config.getoption("--no-browser"):
        keep.append(lambda item: not runs_once(item))
    if keep:
        kept = [item for item in items if all(k(item) for k in keep)]
        dropped = [item for item in items if not all(k(item) for k in keep)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = kept

    def order(item: pytest.Item) -> tuple[bool, bool]:
        marked = item.get_closest_marker("browser") or item.get_closest_marker("slow")
        drives_chromium = "browser" in getattr(item, "fixturenames", ())
        return (flushes_database(item), not (marked or drives_chromium))

    items.sort(key=order)  # stable: otherwise the collected order
