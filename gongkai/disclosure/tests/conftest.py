"""The disclosure tests use the shared cast (``gongkai/testing.py``) with the
catalogue set up: the handler drafts, the other handler reviews (保密审查), the
head approves; the outsider is a handler of the bureau."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.testing import Cast


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded attachments go to a per-test directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(cast: Cast) -> Cast:
    cast.set_up_catalogue()
    return cast
