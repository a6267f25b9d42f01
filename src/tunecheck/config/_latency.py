"""Settings of the ``latency`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class LatencySettings(CheckSettings):
    """Single-stream latency per token."""
