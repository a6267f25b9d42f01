"""Settings of the ``latency`` check: single-stream latency per token, candidate vs baseline.

    latency:
      requests: 24            # measured requests per model (after warm-up), at least 20
      warmup: 3
      max_tokens: 64
      max_slowdown: 0.10      # candidate TPOT/TTFT may be at most 10% slower than the baseline's
      candidate_backend: candidate_server   # optional: names in the run file's `backends:` map
      baseline_backend: baseline_server
"""

from __future__ import annotations

from pydantic import Field, model_validator

from tunecheck.config._base import CheckSettings
from tunecheck.config._datasets import DatasetSpec


class LatencySettings(CheckSettings):
    """Single-stream latency: TTFT, inter-token latency, TPOT, end-to-end and tokens/s."""

    dataset: DatasetSpec | None = Field(
        default=None, description="Prompts to time (default: tunecheck's built-in set of everyday prompts)."
    )
    prompt: str = Field(default="{prompt}", description="'{field}' template over the dataset's rows.")
    requests: int = Field(default=24, ge=20, description="Measured requests per model, after warm-up.")
    warmup: int = Field(default=3, ge=0, description="Requests per model sent first and not measured.")
    max_tokens: int = Field(default=64, ge=2, description="Output length cap (TPOT needs at least 2 tokens).")
    max_slowdown: float = Field(
        default=0.10, ge=0.0,
        description="Default gates: candidate TTFT and TPOT may be this fraction slower than the baseline's.",
    )
    candidate_backend: str | None = Field(
        default=None, description="Backend (name in `backends:`) serving the candidate; default: `candidate`."
    )
    baseline_backend: str | None = Field(
        default=None, description="Backend (name in `backends:`) serving the baseline; default: `baseline`."
    )

    @model_validator(mode="after")
    def _both_or_neither(self) -> LatencySettings:
        if (self.candidate_backend is None) != (self.baseline_backend is None):
            raise ValueError("set both candidate_backend and baseline_backend, or neither")
        return self
