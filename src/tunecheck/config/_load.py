"""Settings of the ``load`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class LoadSettings(CheckSettings):
    """Load at multiples of the expected concurrency."""
