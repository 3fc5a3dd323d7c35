"""Each test starts with an empty cache (rate limits live in the database here)."""

from gongkai.cases.tests.conftest import _fresh_cache

__all__ = ["_fresh_cache"]
