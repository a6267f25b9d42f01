"""Shared pieces of the run-file models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

GateRule = Literal["superiority", "non_inferiority", "at_most", "at_least"]


class Strict(BaseModel):
    """Base of every parsed model: immutable, and a typo is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class GateSpec(Strict):
    """A production requirement on one measurement.

    - ``superiority``: the candidate must beat the baseline by more than ``threshold``
      (judged on the CI's lower bound);
    - ``non_inferiority``: the candidate may be worse than the baseline by at most
      ``threshold`` (the margin), judged on the CI;
    - ``at_most`` / ``at_least``: the candidate's own value against an absolute limit.

    Directions follow the measurement's ``higher_is_better``: for a rate where lower is
    better, "beat" means lower.
    """

    measurement: str = Field(description="Measurement name, as listed in the check's report section.")
    rule: GateRule
    threshold: float = Field(description="min_delta, margin, or absolute limit, in the measurement's unit.")
    blocking: bool = Field(default=True, description="A failing non-blocking gate is a warning, not NO-GO.")


class CheckSettings(Strict):
    """Fields every check shares."""

    enabled: bool = True
    gates: list[GateSpec] | None = Field(
        default=None, description="Requirements that decide the verdict; None takes the check's defaults."
    )
    limit: int | None = Field(default=None, ge=1, description="Use at most this many samples (quick runs).")
