"""The cases tests' cast (a city, its office, a bureau, one user per role)."""

from gongkai.cases.tests.conftest import _fresh_cache, cast, frozen_time

__all__ = ["_fresh_cache", "cast", "frozen_time"]
