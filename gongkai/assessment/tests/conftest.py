"""The assessment tests use the shared cast (``gongkai/testing.py``) with the
catalogue set up and the supervision tests' record builders. The city is the
assessing office: its 上级监督 (``supervisor``) runs the assessment, its
负责人 (``city_head``) approves and publishes it; the office and the bureau are
assessed; ``other`` (another city) is outside the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.testing import Cast


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(cast: Cast) -> Cast:
    cast.set_up_catalogue()
    return cast
