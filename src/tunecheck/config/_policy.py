"""The ``policy`` block: how measurements become a verdict."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tunecheck.config._base import Strict


class PolicySettings(Strict):
    """Statistical settings shared by every check and the verdict."""

    alpha: float = Field(
        default=0.025, gt=0.0, lt=0.5,
        description="One-sided error rate of each gate; 0.025 agrees with a two-sided 95% CI.",
    )
    confidence: float = Field(default=0.95, gt=0.5, lt=1.0, description="Level of reported two-sided CIs.")
    n_resamples: int = Field(default=10_000, ge=1000, description="Paired bootstrap resamples.")
    seed: int = 0
    multiple_testing: Literal["holm", "none"] = Field(
        default="holm", description="Correction across the gates of one check."
    )
    power: float = Field(default=0.8, gt=0.5, lt=1.0, description="Target power for 'samples needed' estimates.")
    max_error_rate: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="A check whose failed-request share exceeds this is INCONCLUSIVE.",
    )
    inconclusive_blocks: bool = Field(
        default=True, description="An inconclusive gate makes the verdict INCONCLUSIVE (else it is a warning)."
    )
