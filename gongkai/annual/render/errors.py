"""Rendering errors; their messages are Chinese, for users."""

from __future__ import annotations

from gongkai.annual.errors import AnnualError


class RenderError(AnnualError):
    """A document cannot be produced here (missing system library or font)."""
