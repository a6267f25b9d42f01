"""Settings of the ``overfitting`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class OverfittingSettings(CheckSettings):
    """Memorisation versus generalisation."""
