"""What a load run measured: per-request records and per-level results (saved as JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from tunecheck.load._spec import GeneratorSettings, LoadLevel, LoadSpec
from tunecheck.types import Strict as _Strict

TokenSource = Literal["usage", "tokenizer", "chunks"]
SloStatus = Literal["pass", "fail", "inconclusive", "invalid", "unchecked"]


class Distribution(_Strict):
    """Percentiles of one latency, in milliseconds, with their CIs.

    For independent draws (one per request) the p95/p99 CIs are distribution-free
    order-statistic intervals, an end ``None`` where the draws are too few to bound it, and
    ``values`` keeps the sorted draws, which gates test against. For clustered draws
    (inter-token gaps, several per request) the CIs come from a cluster bootstrap and
    ``values`` is ``None``. ``quantiles`` holds the 0th..100th percentiles (101 values)
    for CDF plots; ``warning`` says when too few samples back the tail percentiles and
    how many would.
    """

    n: int
    mean: float
    p50: float
    p90: float
    p95: float
    p99: float
    max: float
    p95_ci: tuple[float | None, float | None] | None
    p99_ci: tuple[float | None, float | None] | None
    quantiles: tuple[float, ...]
    warning: str | None = None
    values: tuple[float, ...] | None = None


class RequestRecord(_Strict):
    """One measured request (a line of the per-request JSONL). Times in ms; ``*_s`` in
    seconds from the level's start."""

    level_index: int
    index: int
    worker: int
    prompt_index: int
    scheduled_s: float
    sent_s: float | None
    end_s: float | None
    schedule_gap_ms: float | None = Field(description="sent - scheduled: client-side queueing.")
    dispatch_late_ms: float | None = Field(description="sent - eligible: the client's own lateness.")
    ok: bool
    error: str | None = Field(description="http_<status>, timeout, connection_reset, stream_cut or other.")
    error_detail: str | None
    http_status: int | None
    ttft_ms: float | None
    ttft_from_schedule_ms: float | None
    e2e_ms: float | None
    e2e_from_schedule_ms: float | None
    tpot_ms: float | None
    itl_ms: tuple[float, ...] = ()
    output_tokens: int | None
    prompt_tokens: int | None
    token_source: TokenSource | None
    content_events: int
    meets_slo: bool | None


class ClientHealth(_Strict):
    """The load generator's own state during a level; ``client_bound`` voids the level."""

    workers: int
    uvloop: bool
    worker_cpu: tuple[float, ...] = Field(description="CPU seconds / wall seconds, per worker.")
    loop_lag_p99_ms: tuple[float, ...]
    loop_lag_max_ms: tuple[float, ...]
    dispatch_late_p99_ms: float | None
    system_cpu_percent: float | None
    client_bound: bool
    reasons: tuple[str, ...] = ()


class SloOutcome(_Strict):
    """``invalid`` when the client was the bottleneck, whatever the numbers say; ``inconclusive``
    when the level has too few requests to bound a percentile or the error rate (``undecided``
    says which, and how many requests would settle it)."""

    status: SloStatus
    failures: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()


class LevelResult(_Strict):
    """Everything measured at one load level."""

    index: int
    level: LoadLevel
    started_at: datetime
    duration_s: float
    warmup_requests: int
    warmup_errors: dict[str, int]
    scheduled: int
    sent: int
    succeeded: int
    errors: dict[str, int]
    error_rate: float
    offered_rps: float | None
    request_rps: float
    output_tokens_per_s: float
    goodput_rps: float | None
    saturated: bool
    e2e: Distribution | None
    e2e_from_schedule: Distribution | None
    ttft: Distribution | None
    ttft_from_schedule: Distribution | None
    itl: Distribution | None
    tpot: Distribution | None
    schedule_gap: Distribution | None
    token_sources: dict[str, int]
    client: ClientHealth
    slo: SloOutcome
    warnings: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.client.client_bound


class CapacitySearch(_Strict):
    """How ``find_capacity`` searched: the probes are the result's levels, in order."""

    start_rate: float
    max_concurrency: int | None
    capacity_rps: float | None
    stopped_because: str


class LoadResult(_Strict):
    """A whole load run; ``capacity`` is the highest level that meets the SLOs with every
    lighter level meeting them too (None when none does or no SLO is set)."""

    schema_version: Literal[1] = 1
    spec: LoadSpec
    generator: GeneratorSettings
    levels: tuple[LevelResult, ...]
    capacity: LoadLevel | None
    search: CapacitySearch | None = None
    started_at: datetime
    finished_at: datetime
    client_versions: dict[str, str]

    @property
    def all_pass(self) -> bool:
        return all(level.slo.status in ("pass", "unchecked") for level in self.levels)
