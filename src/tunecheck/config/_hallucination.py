"""Settings of the ``hallucination`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class HallucinationSettings(CheckSettings):
    """Hallucination rate on held-out and probe sets."""
