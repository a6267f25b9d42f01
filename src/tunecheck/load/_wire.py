"""Plain values passed between the parent and its worker processes (pickled over a pipe).

Times are ``time.perf_counter()`` seconds; on Linux that clock (CLOCK_MONOTONIC) is shared
by every process on the machine, so worker and parent times compare directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ErrorKind = Literal["http", "timeout", "connection_reset", "stream_cut", "other"]


@dataclass(frozen=True)
class ParsedStream:
    """What an SSE body said, with the read time of each piece of content.

    An *arrival* is one socket read that completed at least one SSE event carrying
    content; ``times[i]``, ``events[i]`` and ``texts[i]`` describe arrival ``i`` (parallel
    tuples pickle compactly; ``texts`` is empty when no tokenizer will need it).
    """

    times: tuple[float, ...]
    events: tuple[int, ...]
    texts: tuple[str, ...]
    completion_tokens: int | None
    prompt_tokens: int | None
    done: bool
    events_total: int
    error_message: str | None


@dataclass(frozen=True)
class Outcome:
    """One request as the worker saw it; ``sent`` is None when it never left the queue.

    While a phase runs, ``reads`` holds the raw socket reads; after the phase they are
    parsed into ``stream`` and dropped.
    """

    index: int
    prompt_index: int
    scheduled: float
    eligible: float
    sent: float | None
    end: float | None
    first_byte: float | None
    status: int | None
    error_kind: ErrorKind | None
    error_detail: str | None
    reads: tuple[tuple[float, bytes], ...] = ()
    stream: ParsedStream | None = None


@dataclass(frozen=True)
class PhasePlan:
    """The traffic of one phase (warm-up or measured) on one worker.

    Closed loop uses ``streams`` and ``quota``; open loop uses ``schedule`` (pairs of
    request index and send offset in seconds from the phase start) and ``cap``.
    """

    kind: Literal["closed", "open"]
    streams: int = 0
    quota: int | None = None
    duration_s: float | None = None
    schedule: tuple[tuple[int, float], ...] = ()
    cap: int | None = None
    first_index: int = 0
    index_stride: int = 1


@dataclass(frozen=True)
class ShardTask:
    """One worker's share of one level."""

    worker: int
    level_index: int
    endpoint_url: str
    models_url: str
    headers: tuple[tuple[str, str], ...]
    bodies: tuple[bytes, ...]
    keep_text: bool
    warmup: PhasePlan
    measured: PhasePlan
    warmup_max_s: float
    timeout_s: float
    connections: int
    lag_interval_s: float


@dataclass(frozen=True)
class WorkerHealth:
    """How busy a worker was during the measured phase."""

    cpu_s: float
    wall_s: float
    lag_p99_ms: float
    lag_max_ms: float
    lag_samples: int
    uvloop: bool


@dataclass(frozen=True)
class Ready:
    worker: int
    warmup_done: int
    warmup_errors: dict[str, int] = field(default_factory=dict)
    warmup_first_error: str | None = None


@dataclass(frozen=True)
class Go:
    t0: float


@dataclass(frozen=True)
class Progress:
    worker: int
    completed: int


@dataclass(frozen=True)
class ShardDone:
    worker: int
    outcomes: tuple[Outcome, ...]
    health: WorkerHealth


@dataclass(frozen=True)
class ShardFailed:
    worker: int
    message: str


@dataclass(frozen=True)
class Stop:
    pass
