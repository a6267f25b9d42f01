"""Settings of the ``consistency`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class ConsistencySettings(CheckSettings):
    """Agreement over repeated prompts."""
