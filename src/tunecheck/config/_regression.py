"""Settings of the ``regression`` check."""

from __future__ import annotations

from tunecheck.config._base import CheckSettings


class RegressionSettings(CheckSettings):
    """Regression on general benchmarks and adjacent capabilities."""
