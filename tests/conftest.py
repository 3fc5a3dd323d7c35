"""The project-wide tests use the shared cast (``gongkai/testing.py``)."""

from gongkai.cases.tests.conftest import _fresh_cache

__all__ = ["_fresh_cache"]
