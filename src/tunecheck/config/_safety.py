"""Settings of the ``safety`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class SafetySettings(CheckSettings):
    """Safety and adversarial probing."""
