"""The cases tests' cast (a city, its office, a bureau, one user per role)."""

from gongkai.cases.tests.conftest import cast, frozen_time

__all__ = ["cast", "frozen_time"]
