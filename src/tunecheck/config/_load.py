"""Settings of the ``load`` check: the candidate's endpoint at multiples of the expected traffic.

    load:
      backend: candidate_server     # an `openai` entry of `backends:` (started with `launch`), or:
      # url: http://127.0.0.1:8000/v1
      # model: my-model
      loop: closed                  # closed: concurrency = expected_concurrency x multiplier
      expected_concurrency: 1
      multipliers: [1, 10, 50, 100]
      required_multiplier: 10       # the level whose SLOs gate the verdict (others: capacity only)
      requests_per_level: 60
      max_duration_s: 90
      max_tokens: 32
      slo: {ttft_p95_ms: 2000, e2e_p99_ms: 8000, max_error_rate: 0.01}
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from tunecheck.config._base import CheckSettings
from tunecheck.config._datasets import DatasetSpec
from tunecheck.types import Strict


class SloSpec(Strict):
    """Service-level objectives; every one left ``None`` is not checked.

    Latency objectives are judged on the distributions timed from each request's
    *scheduled* time (TTFT, E2E), so client-side queueing counts against them.
    A request counts towards goodput when it succeeded and its own TTFT, E2E and TPOT are
    within the tightest objective set for each (ITL objectives are judged per level only).
    The one model of an SLO: the load check's ``slo:``, ``tunecheck load``'s ``--slo-*`` flags
    and the load generator's ``LoadSpec.slo``.
    """

    ttft_p95_ms: float | None = Field(default=None, gt=0)
    ttft_p99_ms: float | None = Field(default=None, gt=0)
    e2e_p95_ms: float | None = Field(default=None, gt=0)
    e2e_p99_ms: float | None = Field(default=None, gt=0)
    itl_p95_ms: float | None = Field(default=None, gt=0)
    itl_p99_ms: float | None = Field(default=None, gt=0)
    tpot_p95_ms: float | None = Field(default=None, gt=0)
    tpot_p99_ms: float | None = Field(default=None, gt=0)
    max_error_rate: float | None = Field(default=None, ge=0, le=1)

    @property
    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())

    def per_request_limit(self, metric: Literal["ttft", "e2e", "tpot"]) -> float | None:
        """The tightest objective on ``metric``, applied to each request for goodput."""
        values = [getattr(self, f"{metric}_{p}_ms") for p in ("p95", "p99")]
        present = [v for v in values if v is not None]
        return min(present) if present else None


DEFAULT_MAX_ERROR_RATE = 0.01  # the load check's error budget where the run file sets none


class ClientLimits(Strict):
    """When the load generator distrusts itself and voids a level as client-bound."""

    loop_lag_p99_limit_ms: float = Field(default=10.0, gt=0, description="Event-loop lag p99 per worker.")
    dispatch_late_p99_limit_ms: float = Field(default=10.0, gt=0, description="Send lateness p99.")
    cpu_limit: float = Field(default=0.9, gt=0, description="CPU share of one core per worker.")
    max_workers: int | None = Field(default=None, ge=1, description="Worker processes (default: CPU count).")


class LoadSettings(CheckSettings):
    """Drive the candidate's serving endpoint; report p50/p95/p99 per level and the capacity."""

    backend: str | None = Field(default=None, description="Name of an `openai` backend in `backends:`.")
    url: str | None = Field(default=None, description="A running OpenAI-compatible endpoint (instead of backend).")
    model: str | None = Field(default=None, description="Model name for `url` (default: the backend's model).")
    endpoint: Literal["chat", "completions"] = "chat"
    loop: Literal["closed", "open"] = Field(default="closed", description="closed: fixed concurrency; open: "
                                            "Poisson arrivals at expected_rate x multiplier.")
    expected_concurrency: int = Field(default=1, ge=1, description="Concurrent requests in normal traffic.")
    expected_rate: float | None = Field(default=None, gt=0, description="Open loop: normal requests/s.")
    max_concurrency: int | None = Field(default=None, ge=1, description="Open loop: in-flight cap.")
    multipliers: list[float] = Field(default_factory=lambda: [1.0, 10.0, 50.0, 100.0], min_length=1)
    required_multiplier: float | None = Field(
        default=10, description="Level whose SLOs gate the verdict (None: report only)."
    )
    requests_per_level: int = Field(default=60, ge=5)
    max_duration_s: float = Field(default=90.0, gt=0, description="Upper bound on each level's measured time.")
    warmup_requests: int = Field(default=4, ge=0)
    timeout_s: float = Field(default=120.0, gt=0)
    max_tokens: int = Field(default=32, ge=2)
    dataset: DatasetSpec | None = Field(default=None, description="Prompts (default: the built-in set).")
    prompt_field: str = "prompt"
    slo: SloSpec = Field(default_factory=lambda: SloSpec(max_error_rate=DEFAULT_MAX_ERROR_RATE),
                         description=f"Objectives; max_error_rate is {DEFAULT_MAX_ERROR_RATE} unless set.")
    client: ClientLimits = Field(default_factory=ClientLimits)

    @field_validator("slo")
    @classmethod
    def _default_error_budget(cls, slo: SloSpec) -> SloSpec:
        if "max_error_rate" in slo.model_fields_set:
            return slo
        return slo.model_copy(update={"max_error_rate": DEFAULT_MAX_ERROR_RATE})

    @model_validator(mode="after")
    def _target(self) -> LoadSettings:
        if (self.backend is None) == (self.url is None):
            raise ValueError("give exactly one of 'backend' or 'url'")
        if self.loop == "open" and self.expected_rate is None:
            raise ValueError("an open-loop load test needs 'expected_rate'")
        if self.required_multiplier is not None and self.required_multiplier not in self.multipliers:
            raise ValueError(f"required_multiplier {self.required_multiplier} is not one of the multipliers")
        return self
