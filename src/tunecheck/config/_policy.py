"""The ``policy`` block: how measurements become a verdict."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from tunecheck.types import Strict


class PolicySettings(Strict):
    """Statistical settings shared by every check and the verdict.

    ``alpha`` (one-sided, per gate) and ``confidence`` (two-sided, of every reported
    interval) are one setting seen two ways: ``alpha = (1 - confidence) / 2``, so a gate
    passes exactly when the reported interval clears its threshold. Give either; giving
    both with other values is an error.
    """

    alpha: float = Field(
        default=0.025, gt=0.0, lt=0.25,
        description="One-sided error rate of each gate; (1 - confidence) / 2 (0.025 with a 95% CI).",
    )
    confidence: float = Field(
        default=0.95, gt=0.5, lt=1.0, description="Level of reported two-sided CIs: 1 - 2 * alpha."
    )
    n_resamples: int = Field(default=10_000, ge=1000, description="Paired bootstrap resamples.")
    seed: int = 0
    multiple_testing: Literal["holm", "none"] = Field(
        default="holm",
        description="Correction of the NO-GO side across each check's blocking gates (GO needs none: "
                    "it requires every gate, an intersection-union test).",
    )
    power: float = Field(default=0.8, gt=0.5, lt=1.0, description="Target power for 'samples needed' estimates.")
    min_pairs: int = Field(
        default=10, ge=2,
        description="Fewest paired samples (or values) a paired, t-based or McNemar gate is decided on; "
                    "below it the gate is INCONCLUSIVE.",
    )
    min_pairs_bootstrap: int = Field(
        default=30, ge=2,
        description="Fewest samples a bootstrap-decided gate (corpus metrics such as BLEU or macro-F1) "
                    "is decided on.",
    )
    max_error_rate: float = Field(
        default=0.05, ge=0.0, le=1.0,
        description="A check whose failed-request share exceeds this is INCONCLUSIVE.",
    )
    inconclusive_blocks: bool = Field(
        default=True,
        description="An inconclusive gate makes the verdict INCONCLUSIVE (else it is a warning). "
                    "A check that could not run always blocks GO.",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_level(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        alpha, confidence = data.get("alpha"), data.get("confidence")
        if alpha is None and isinstance(confidence, int | float):
            return {**data, "alpha": (1.0 - float(confidence)) / 2.0}
        if confidence is None and isinstance(alpha, int | float):
            return {**data, "confidence": 1.0 - 2.0 * float(alpha)}
        if isinstance(alpha, int | float) and isinstance(confidence, int | float) \
                and not math.isclose(float(alpha), (1.0 - float(confidence)) / 2.0, abs_tol=1e-9):
            raise ValueError(
                f"alpha {alpha} and confidence {confidence} disagree: a gate at one-sided alpha matches a "
                f"two-sided CI at confidence = 1 - 2 * alpha = {1 - 2 * float(alpha):g}; give only one of them"
            )
        return data

    @property
    def percent(self) -> str:
        """The reported intervals' level in words, e.g. ``95%``."""
        return f"{100 * self.confidence:g}%"
